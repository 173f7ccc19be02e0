package dev.prognos.stack;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Prints the records of one topic as readable lines, from the beginning or only new ones, once
 * or following. Reads with read_committed and without a consumer group, so it never moves
 * anybody's offsets. Ctrl-C stops it cleanly.
 */
final class TopicFollower {

    /** Something to do between polls while following (the flow figures of the demo). */
    interface Tick {
        void run(long printed);
    }

    private final String kafka;
    private final String topic;
    private final Function<ConsumerRecord<byte[], byte[]>, String> format;
    private final PrintStream out;

    /** @param format the line for a record, or null to skip it (a filter) */
    TopicFollower(String kafka, String topic, Function<ConsumerRecord<byte[], byte[]>, String> format, PrintStream out) {
        this.kafka = kafka;
        this.topic = topic;
        this.format = format;
        this.out = out;
    }

    void run(boolean follow, boolean newOnly, Tick tick) {
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
            Thread stop = new Thread(() -> {
                running.set(false);
                consumer.wakeup();
                try {
                    main.join(5_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, topic + "-follower-shutdown");
            Runtime.getRuntime().addShutdownHook(stop);
            try {
                follow(consumer, running, follow, newOnly, tick);
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(stop);
                } catch (IllegalStateException shuttingDown) {
                    // Ctrl-C: the hook is what stopped us.
                }
            }
        }
    }

    private void follow(KafkaConsumer<byte[], byte[]> consumer, AtomicBoolean running, boolean follow, boolean newOnly, Tick tick) {
        List<TopicPartition> partitions = partitions(consumer, topic);
        consumer.assign(partitions);
        if (newOnly) {
            consumer.seekToEnd(partitions);
        } else {
            consumer.seekToBeginning(partitions);
        }
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        long printed = 0;
        try {
            while (running.get()) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    String line = format.apply(r);
                    if (line != null) {
                        printed++;
                        out.println(line);
                    }
                }
                if (!follow && end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                    break;
                }
                if (tick != null) {
                    tick.run(printed);
                }
            }
        } catch (WakeupException stopping) {
            // Ctrl-C: fall through and close the consumer.
        }
    }

    static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalArgumentException("topic " + topic + " does not exist; create the topics with ./prognos topics");
        }
        List<TopicPartition> result = new ArrayList<>();
        infos.forEach(i -> result.add(new TopicPartition(topic, i.partition())));
        return result;
    }
}
