package dev.prognos.stack;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the local-stack tools that ./prognos starts, each in its own JVM. */
@Command(name = "./prognos", mixinStandardHelpOptions = true, version = "Prognos local stack 0.1.0-SNAPSHOT",
        subcommands = {KafkaNode.class, TopicsCommand.class, AlertsCommand.class, TelemetryCommand.class, DeadLettersCommand.class, dev.prognos.stack.provision.ProvisionCommand.class},
        description = "Local-stack tools: a single-node Kafka, topic setup, and readers of the alerts, telemetry and dead-letter topics.")
public final class StackCli {

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new StackCli());
        // A wrong option is the user's mistake: show the message and usage, not a stack trace.
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof IllegalArgumentException) {
                cmd.getErr().println(cmd.getColorScheme().errorText("error: " + e.getMessage()));
                return 2;
            }
            throw e;
        });
        System.exit(cli.execute(args));
    }
}
