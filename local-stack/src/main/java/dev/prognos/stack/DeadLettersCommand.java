package dev.prognos.stack;

import dev.prognos.core.DeadLetterHeaders;
import dev.prognos.core.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Prints what was refused, with why and where it came from, and the raw input. */
@Command(name = "deadletters", mixinStandardHelpOptions = true,
        description = "Prints refused input from prognos.deadletter: time, source, reason, raw payload.")
final class DeadLettersCommand implements Callable<Integer> {

    @Mixin
    FollowOptions options;

    @Override
    public Integer call() {
        new TopicFollower(options.kafka, Topics.DEADLETTER, r -> {
            String at = header(r.headers(), DeadLetterHeaders.REFUSED_AT_MS);
            String when = at == null ? Instant.ofEpochMilli(r.timestamp()).toString() : Instant.ofEpochMilli(Long.parseLong(at)).toString();
            String raw = r.value() == null ? "" : new String(r.value(), StandardCharsets.UTF_8);
            return when + " " + header(r.headers(), DeadLetterHeaders.SOURCE) + " — " + header(r.headers(), DeadLetterHeaders.REASON)
                    + "\n    raw: " + (raw.length() > 300 ? raw.substring(0, 300) + "…" : raw);
        }, System.out).run(options.follow, options.newOnly, null);
        return 0;
    }

    private static String header(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
