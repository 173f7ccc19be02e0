package dev.prognos.stack;

import picocli.CommandLine.Option;

/** Options every topic-printing command shares. */
final class FollowOptions {

    @Option(names = "--kafka", defaultValue = "${env:PROGNOS_KAFKA:-127.0.0.1:9092}",
            description = "Kafka bootstrap servers (env PROGNOS_KAFKA; default: ${DEFAULT-VALUE}).")
    String kafka;

    @Option(names = {"-f", "--follow"}, description = "Keep printing records as they arrive (Ctrl-C stops).")
    boolean follow;

    @Option(names = "--new-only", description = "Skip the records already in the topic.")
    boolean newOnly;
}
