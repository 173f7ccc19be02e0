package dev.prognos.stack;

import dev.prognos.core.Topics;
import dev.prognos.core.alert.AlertJson;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
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
        if (options.follow && statsEverySeconds > 0) {
            try (FlowStats stats = new FlowStats(options.kafka, Duration.ofSeconds(statsEverySeconds))) {
                follower.run(true, options.newOnly, stats::maybePrint);
            }
        } else {
            follower.run(options.follow, options.newOnly, null);
        }
        return 0;
    }

    /**
     * Readings in and dead letters from end offsets, asked through an Admin client: those
     * topics are written without transactions, so offsets count records. Alerts are counted as
     * printed, because transaction markers take offsets too.
     */
    private static final class FlowStats implements AutoCloseable {
        private final long everyNanos;
        private final Admin admin;
        private long nextNanos = System.nanoTime();
        private long lastReadings = -1;
        private long lastNanos;

        FlowStats(String kafka, Duration every) {
            this.everyNanos = every.toNanos();
            this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka));
        }

        void maybePrint(long alerts) {
            long now = System.nanoTime();
            if (now < nextNanos) {
                return;
            }
            nextNanos = now + everyNanos;
            long readings;
            long dead;
            try {
                readings = endOffsetSum(Topics.TELEMETRY);
                dead = endOffsetSum(Topics.DEADLETTER);
            } catch (ExecutionException | TimeoutException e) {
                System.out.println("(flow figures unavailable: " + e.getMessage() + ")");
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            double rate = lastReadings < 0 ? 0 : (readings - lastReadings) / ((now - lastNanos) / 1e9);
            lastReadings = readings;
            lastNanos = now;
            System.out.printf(Locale.ROOT, "[%s] readings in: %,d (%.1f/s)   alerts out: %,d   dead letters: %,d%n",
                    LocalTime.now().truncatedTo(ChronoUnit.SECONDS), readings, rate, alerts, dead);
        }

        private long endOffsetSum(String topic) throws InterruptedException, ExecutionException, TimeoutException {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(topic)).allTopicNames().get(5, TimeUnit.SECONDS).get(topic).partitions()
                    .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get(5, TimeUnit.SECONDS).values().stream()
                    .mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset).sum();
        }

        @Override
        public void close() {
            admin.close(Duration.ofSeconds(2));
        }
    }
}
