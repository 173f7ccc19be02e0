package dev.prognos.stack;

import dev.prognos.core.Topics;
import dev.prognos.core.alert.AlertJson;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Prints alerts from {@link Topics#ALERTS}, one readable line each, and optionally a line of
 * flow figures every few seconds (readings in, alerts out, dead letters). read_committed: only
 * alerts of committed Flink checkpoints show.
 */
@Command(name = "alerts", mixinStandardHelpOptions = true,
        description = "Prints alerts as readable lines; with --follow keeps printing them as they come.")
final class AlertsCommand implements Callable<Integer> {

    @Mixin
    FollowOptions options;

    @Option(names = "--stats-every", defaultValue = "0",
            description = "With --follow: print readings in, alerts out and dead letters every N seconds (0 = never).")
    int statsEverySeconds;

    @Override
    public Integer call() {
        if (statsEverySeconds < 0) {
            throw new IllegalArgumentException("--stats-every must be >= 0 seconds, got " + statsEverySeconds);
        }
        TopicFollower follower = new TopicFollower(options.kafka, Topics.ALERTS, r -> {
            try {
                return AlertJson.line(AlertJson.decode(r.value()));
            } catch (IllegalArgumentException e) {
                return "(unreadable alert at offset " + r.offset() + ": " + e.getMessage() + ")";
            }
        }, System.out);
        FlowStats stats = options.follow && statsEverySeconds > 0 ? new FlowStats(Duration.ofSeconds(statsEverySeconds)) : null;
        follower.run(options.follow, options.newOnly, stats == null ? null : stats::maybePrint);
        return 0;
    }

    /**
     * Readings in and dead letters from end offsets: those topics are written without
     * transactions, so offsets count records. Alerts are counted as printed, because
     * transaction markers take offsets too.
     */
    private static final class FlowStats {
        private final long everyNanos;
        private long nextNanos = System.nanoTime();
        private List<TopicPartition> telemetry;
        private List<TopicPartition> deadletter;
        private long lastReadings = -1;
        private long lastNanos;

        FlowStats(Duration every) {
            this.everyNanos = every.toNanos();
        }

        void maybePrint(KafkaConsumer<byte[], byte[]> consumer, long alerts) {
            long now = System.nanoTime();
            if (now < nextNanos) {
                return;
            }
            nextNanos = now + everyNanos;
            if (telemetry == null) {
                telemetry = TopicFollower.partitions(consumer, Topics.TELEMETRY);
                deadletter = TopicFollower.partitions(consumer, Topics.DEADLETTER);
            }
            long readings = sum(consumer.endOffsets(telemetry));
            long dead = sum(consumer.endOffsets(deadletter));
            double rate = lastReadings < 0 ? 0 : (readings - lastReadings) / ((now - lastNanos) / 1e9);
            lastReadings = readings;
            lastNanos = now;
            System.out.printf(Locale.ROOT, "[%s] readings in: %,d (%.1f/s)   alerts out: %,d   dead letters: %,d%n",
                    LocalTime.now().truncatedTo(ChronoUnit.SECONDS), readings, rate, alerts, dead);
        }

        private static long sum(Map<TopicPartition, Long> offsets) {
            return offsets.values().stream().mapToLong(Long::longValue).sum();
        }
    }
}
