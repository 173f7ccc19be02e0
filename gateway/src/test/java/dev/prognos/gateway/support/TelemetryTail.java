package dev.prognos.gateway.support;

import dev.prognos.core.Topics;
import dev.prognos.core.ledger.SequenceLedger;
import dev.prognos.core.telemetry.Telemetry;
import dev.prognos.core.telemetry.TelemetryAvro;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.util.Utf8;

/**
 * Reads prognos.telemetry from where it ended when the tail was created and records every reading
 * of devices whose id starts with {@code prefix} in a {@link SequenceLedger}; also histograms of
 * MQTT publish → Kafka record timestamp (the producer's send) and → this reader, in ms.
 *
 * <p>Live (the default) it reads in a thread of its own from the start. Deferred
 * ({@link #deferred}), it reads nothing until {@link #readAll()}: meanwhile {@link #produced()}
 * counts what Kafka appended by the partitions' end offsets, so that a benchmark's clock covers
 * MQTT → gateway → Kafka and not the reader's own decompressing and decoding on the same cores;
 * the ledger is then filled, and checked, after the clock stopped.
 */
public final class TelemetryTail implements AutoCloseable {

    /** Latency histogram buckets: 1 ms each up to this. */
    private static final int MAX_MS = 60_000;

    private final String prefix;
    private final SequenceLedger ledger = new SequenceLedger();
    private final AtomicLong records = new AtomicLong();
    private final AtomicLongArray toRecordTimestamp = new AtomicLongArray(MAX_MS + 1);
    private final AtomicLongArray toReader = new AtomicLongArray(MAX_MS + 1);
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long firstAtNanos;
    private volatile long lastAtNanos;
    private volatile boolean assigned;
    private final List<org.apache.kafka.common.TopicPartition> partitions;
    /** Sum of the partitions' end offsets when the tail was created. */
    private final long startOffsets;

    /** A tail that reads as records come. */
    public TelemetryTail(String bootstrap, String prefix) {
        this(bootstrap, prefix, true);
    }

    /** A tail that reads nothing before {@link #readAll()}; see the class comment. */
    public static TelemetryTail deferred(String bootstrap, String prefix) {
        return new TelemetryTail(bootstrap, prefix, false);
    }

    private TelemetryTail(String bootstrap, String prefix, boolean live) {
        this.prefix = prefix;
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        // Fetch in batches (up to 50 ms late) rather than one small fetch per produced batch: the
        // tail shares the 2 cores with what it measures, and so does the Kafka broker serving it.
        p.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 64 * 1024);
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        // No group: every partition, from its end now. Records of this prefix come only after
        // the tail exists; reading what earlier runs left would cost the shared cores for nothing.
        partitions = consumer.partitionsFor(Topics.TELEMETRY).stream()
                .map(i -> new org.apache.kafka.common.TopicPartition(i.topic(), i.partition())).toList();
        consumer.assign(partitions);
        Map<org.apache.kafka.common.TopicPartition, Long> ends = consumer.endOffsets(partitions);
        ends.forEach(consumer::seek);
        startOffsets = ends.values().stream().mapToLong(Long::longValue).sum();
        assigned = true;
        thread = new Thread(this::run, "telemetry-tail");
        thread.setDaemon(true);
        if (live) {
            thread.start();
        }
    }

    /**
     * Records Kafka appended to prognos.telemetry since the tail was created, any device, duplicates
     * included (an idempotent producer's offsets have no gaps). Only before {@link #readAll()}.
     */
    public long produced() {
        if (thread.getState() != Thread.State.NEW) {
            throw new IllegalStateException("produced() counts by end offsets before the reader starts");
        }
        return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum() - startOffsets;
    }

    /** Starts reading (a deferred tail); a live one reads already. */
    public TelemetryTail readAll() {
        if (thread.getState() == Thread.State.NEW) {
            thread.start();
        }
        return this;
    }

    private void run() {
        try {
            poll();
        } catch (java.io.IOException | RuntimeException e) {
            failure = e;
            throw new IllegalStateException(e);
        }
    }

    private volatile Exception failure;

    /** What stopped the reader, or null. */
    public Exception failure() {
        return failure;
    }

    private void poll() throws java.io.IOException {
        while (running) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                if (r.key() == null || !new String(r.key(), StandardCharsets.UTF_8).startsWith(prefix)) {
                    continue;
                }
                long now = System.currentTimeMillis();
                readHead(r.value());
                ledger.record(device.toString(), seq);
                toRecordTimestamp.incrementAndGet(bucket(r.timestamp() - ts));
                toReader.incrementAndGet(bucket(now - ts));
                if (records.incrementAndGet() == 1) {
                    firstAtNanos = System.nanoTime();
                }
                lastAtNanos = System.nanoTime();
            }
        }
        consumer.close(Duration.ofSeconds(2));
    }

    /**
     * Reads device, seq and ts, the fields before the readings, straight from the Avro bytes: the
     * tail shares the 2 cores with what it measures, and a whole {@link TelemetryAvro#decode}
     * (a generic record, a map of readings) cost it more than the rest of its work. The value
     * must carry the telemetry schema's single-object header.
     */
    private void readHead(byte[] value) throws java.io.IOException {
        if (value == null || value.length < HEADER.length || !java.util.Arrays.equals(value, 0, HEADER.length, HEADER, 0, HEADER.length)) {
            throw new IllegalStateException("not telemetry in the schema of TelemetryAvro: " + (value == null ? "null" : value.length + " bytes"));
        }
        decoder = DecoderFactory.get().binaryDecoder(value, HEADER.length, value.length - HEADER.length, decoder);
        decoder.readInt(); // v
        device = decoder.readString(device);
        decoder.skipString(); // site
        decoder.skipString(); // asset
        seq = decoder.readLong();
        ts = decoder.readLong();
    }

    /** The single-object marker and schema fingerprint every telemetry value starts with. */
    private static final byte[] HEADER = java.util.Arrays.copyOf(
            TelemetryAvro.encode(Telemetry.of("d", "s", "a", 0, 0, java.util.Map.of("x", 0.0))), 10);

    static {
        List<String> order = TelemetryAvro.SCHEMA.getFields().stream().map(org.apache.avro.Schema.Field::name).toList();
        if (!order.subList(0, 6).equals(List.of("v", "device", "site", "asset", "seq", "ts"))) {
            throw new IllegalStateException("TelemetryTail reads v, device, site, asset, seq, ts in this order; the schema has " + order);
        }
    }

    private BinaryDecoder decoder;
    private Utf8 device = new Utf8();
    private long seq;
    private long ts;

    private static int bucket(long ms) {
        return (int) Math.max(0, Math.min(MAX_MS, ms));
    }

    /** The consumer has its partitions (always: assigned by hand when the tail was created). */
    public boolean assigned() {
        return assigned;
    }

    public SequenceLedger ledger() {
        return ledger;
    }

    /** Records of the prefix read so far, duplicates included. */
    public long records() {
        return records.get();
    }

    public long firstAtNanos() {
        return firstAtNanos;
    }

    public long lastAtNanos() {
        return lastAtNanos;
    }

    /** Percentile (0..1) of publish → Kafka record timestamp, ms. */
    public long toKafkaPercentile(double q) {
        return percentile(toRecordTimestamp, q);
    }

    /** Percentile (0..1) of publish → read by this consumer, ms. */
    public long toReaderPercentile(double q) {
        return percentile(toReader, q);
    }

    private static long percentile(AtomicLongArray h, double q) {
        long total = 0;
        for (int i = 0; i < h.length(); i++) {
            total += h.get(i);
        }
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < h.length(); i++) {
            seen += h.get(i);
            if (seen >= rank && seen > 0) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void close() {
        running = false;
        if (thread.getState() == Thread.State.NEW) {
            consumer.close(Duration.ofSeconds(2));
            return;
        }
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
