package dev.prognos.stack;

import dev.prognos.core.Topics;
import dev.prognos.core.alert.AlertJson;
import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Prints alerts from {@link Topics#ALERTS}, one readable line each, and optionally a line of
 * flow figures every few seconds (readings in, alerts out, dead letters). Reads with
 * read_committed, so only alerts of committed Flink checkpoints show, and without a consumer
 * group, so it never moves anybody's offsets.
 */
@Command(name = "alerts", mixinStandardHelpOptions = true,
        description = "Prints alerts as readable lines; with --follow keeps printing them as they come.")
final class AlertsCommand implements Callable<Integer> {

    @Option(names = "--kafka", defaultValue = "${env:PROGNOS_KAFKA:-127.0.0.1:9092}",
            description = "Kafka bootstrap servers (env PROGNOS_KAFKA; default: ${DEFAULT-VALUE}).")
    String kafka;

    @Option(names = {"-f", "--follow"}, description = "Keep printing alerts as they arrive (Ctrl-C stops).")
    boolean follow;

    @Option(names = "--new-only", description = "Skip the alerts already in the topic.")
    boolean newOnly;

    @Option(names = "--stats-every", defaultValue = "0",
            description = "With --follow: print readings in, alerts out and dead letters every N seconds (0 = never).")
    int statsEverySeconds;

    private final PrintStream out = System.out;

    @Override
    public Integer call() {
        if (statsEverySeconds < 0) {
            throw new IllegalArgumentException("--stats-every must be >= 0 seconds, got " + statsEverySeconds);
        }
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            AtomicBoolean running = new AtomicBoolean(true);
            Thread main = Thread.currentThread();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                running.set(false);
                consumer.wakeup();
                try {
                    main.join(5_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "alerts-shutdown"));
            List<TopicPartition> alertPartitions = partitions(consumer, Topics.ALERTS);
            consumer.assign(alertPartitions);
            if (newOnly) {
                consumer.seekToEnd(alertPartitions);
            } else {
                consumer.seekToBeginning(alertPartitions);
            }
            Map<TopicPartition, Long> end = consumer.endOffsets(alertPartitions);
            FlowStats stats = follow && statsEverySeconds > 0
                    ? new FlowStats(partitions(consumer, Topics.TELEMETRY), partitions(consumer, Topics.DEADLETTER))
                    : null;
            long nextStats = System.nanoTime();
            long alerts = 0;
            try {
                while (running.get()) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                        alerts++;
                        out.println(line(r.value()));
                    }
                    if (!follow && caughtUp(consumer, end)) {
                        break;
                    }
                    if (stats != null && System.nanoTime() >= nextStats) {
                        out.println(stats.line(consumer, alerts));
                        nextStats = System.nanoTime() + Duration.ofSeconds(statsEverySeconds).toNanos();
                    }
                }
            } catch (WakeupException stopping) {
                // Ctrl-C: fall through and close the consumer.
            }
        }
        return 0;
    }

    private static String line(byte[] value) {
        try {
            return AlertJson.line(AlertJson.decode(value));
        } catch (IllegalArgumentException e) {
            return "(unreadable alert record: " + e.getMessage() + ")";
        }
    }

    private static boolean caughtUp(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalArgumentException("topic " + topic + " does not exist on " + "the cluster; run ./prognos topics first");
        }
        List<TopicPartition> result = new ArrayList<>();
        infos.forEach(i -> result.add(new TopicPartition(topic, i.partition())));
        return result;
    }

    /** Readings in and dead letters from end offsets (those topics are written without transactions). */
    private static final class FlowStats {
        private final List<TopicPartition> telemetry;
        private final List<TopicPartition> deadletter;
        private long lastReadings = -1;
        private long lastNanos;

        FlowStats(List<TopicPartition> telemetry, List<TopicPartition> deadletter) {
            this.telemetry = telemetry;
            this.deadletter = deadletter;
        }

        String line(KafkaConsumer<?, ?> consumer, long alerts) {
            long readings = sum(consumer.endOffsets(telemetry));
            long dead = sum(consumer.endOffsets(deadletter));
            long now = System.nanoTime();
            double rate = lastReadings < 0 ? 0 : (readings - lastReadings) / ((now - lastNanos) / 1e9);
            lastReadings = readings;
            lastNanos = now;
            return String.format(Locale.ROOT, "[%s] readings in: %,d (%.1f/s)   alerts out: %,d   dead letters: %,d",
                    LocalTime.now().truncatedTo(ChronoUnit.SECONDS), readings, rate, alerts, dead);
        }

        private static long sum(Map<TopicPartition, Long> offsets) {
            return offsets.values().stream().mapToLong(Long::longValue).sum();
        }
    }
}
