package dev.prognos.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.prognos.core.Topics;
import dev.prognos.core.alert.Alert;
import dev.prognos.core.alert.AlertJson;
import dev.prognos.core.telemetry.Telemetry;
import dev.prognos.core.telemetry.TelemetryAvro;
import dev.prognos.stream.internal.TelemetryDeserializer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Exactly once end to end: the production job against a real KRaft Kafka fails once in the middle
 * of the stream (its telemetry source throws after a number of records, while alerts sit in an open
 * transaction), restarts from its last checkpoint, and the alerts a read_committed reader sees are
 * exactly those of a run without failure: none twice, none missing.
 */
class TelemetryAlertJobRecoveryIT extends KafkaJobTestBase {

    private static final Duration DEADLINE = Duration.ofSeconds(120);
    /** Aligned on the 10 s windows. */
    private static final long T0 = 1_795_414_320_000L;
    private static final int DEVICES = 4;
    private static final int SECONDS = 240;

    /** Static: shared by every copy of the deserializer the job makes, and kept across its restart. */
    static final AtomicLong DECODED = new AtomicLong();
    static final AtomicBoolean FAILED = new AtomicBoolean();
    static final AtomicLong FAIL_AT = new AtomicLong(Long.MAX_VALUE);

    @Test
    void shouldWriteEveryAlertExactlyOnceWhenTheJobFailsMidStreamAndRestoresFromItsCheckpoint() throws Exception {
        List<Telemetry> readings = readings();
        List<String> expected = TelemetryAlertJobTest.fingerprints(referenceRun(readings));
        assertThat(expected).hasSizeGreaterThan(10);

        StreamJobOptions options = StreamJobOptions.builder().kafka(kafka.bootstrapServers()).groupId("recovery-it")
                .checkpointIntervalMs(500).idleTimeoutMs(1000).holdMs(20_000).build();
        TelemetryAlertJob.Connectors kafkaIo = TelemetryAlertJob.Connectors.kafka(options);
        TelemetryAlertJob.Connectors io = new TelemetryAlertJob.Connectors(failingOnce(options), kafkaIo.acks(),
                kafkaIo.models(), kafkaIo.alerts(), kafkaIo.health(), kafkaIo.deadLetters());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2);
        JobClient job = new TelemetryAlertJob(io, options).start(env);
        List<String> received = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = producer(); KafkaConsumer<byte[], byte[]> alerts = committedReader("recovery-it-reader")) {
            alerts.subscribe(List.of(Topics.ALERTS));
            int half = readings.size() / 2;
            readings.subList(0, half).forEach(t -> send(producer, t));
            producer.flush();
            // First half's alerts committed: at least one checkpoint is complete before the failure.
            await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).until(() -> {
                poll(alerts, received);
                return !received.isEmpty();
            });
            // Fail a quarter of the way into the second half, when some of its alerts are written
            // to Kafka in the transaction the failure aborts.
            FAIL_AT.set(half + (readings.size() - half) / 4);
            readings.subList(half, readings.size()).forEach(t -> send(producer, t));
            producer.flush();

            await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).until(() -> {
                poll(alerts, received);
                return received.size() >= expected.size();
            });
            poll(alerts, received);  // anything replayed twice would be here by now too

            assertThat(FAILED).as("the injected failure happened").isTrue();
            assertThat(received).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(job.getJobStatus().get(10, TimeUnit.SECONDS)).isEqualTo(JobStatus.RUNNING);
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
    }

    /** The same readings through the same job, in memory, without failure. */
    private static List<Alert> referenceRun(List<Telemetry> readings) throws Exception {
        TelemetryAlertJobTest.AlertSink.VALUES.clear();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2);
        new TelemetryAlertJob(TelemetryAlertJobTest.connectors(readings, List.of(), List.of()),
                StreamJobOptions.builder().holdMs(20_000).build()).execute(env);
        return new ArrayList<>(TelemetryAlertJobTest.AlertSink.VALUES);
    }

    /**
     * Four pumps, one reading a second for 240 s, each going through zone C and D twice (once in each
     * half) at its own time; then one reading an hour later each (clear: open alerts start their hold
     * time) and one two hours later, which moves event time past every window and hold time that
     * has an alert in it, in the Kafka run as the end of input does in the reference run.
     */
    private static List<Telemetry> readings() {
        List<Telemetry> out = new ArrayList<>();
        for (int s = 0; s < SECONDS; s++) {
            for (int d = 1; d <= DEVICES; d++) {
                int phase = (s + 17 * d) % 120;
                double v = phase >= 40 && phase < 70 ? 2.0 + 7.0 * (phase - 40) / 30 : 2.0 + 0.1 * (s % 3);
                out.add(reading(d, s + 1, T0 + s * 1000L, v));
            }
        }
        for (int d = 1; d <= DEVICES; d++) {
            out.add(reading(d, SECONDS + 1, T0 + 3_600_000L, 2.0));
        }
        for (int d = 1; d <= DEVICES; d++) {
            out.add(reading(d, SECONDS + 2, T0 + 7_200_000L, 2.0));
        }
        return out;
    }

    private static Telemetry reading(int device, long seq, long ts, double vibration) {
        return Telemetry.of(String.format(Locale.ROOT, "pump-%03d", device), "plant-a", "centrifugal-pump", seq, ts,
                Map.of("vib_rms_mm_s", vibration));
    }

    /** The production telemetry source, with a deserializer that throws once at record {@link #FAIL_AT}. */
    private static KafkaSource<Either<Telemetry, DeadLetter>> failingOnce(StreamJobOptions options) {
        return KafkaSource.<Either<Telemetry, DeadLetter>>builder()
                .setBootstrapServers(options.kafka())
                .setTopics(Topics.TELEMETRY)
                .setGroupId(options.groupId())
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(new FailingOnce())
                .setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
                .build();
    }

    static final class FailingOnce implements KafkaRecordDeserializationSchema<Either<Telemetry, DeadLetter>> {
        private static final long serialVersionUID = 1L;
        private final TelemetryDeserializer real = new TelemetryDeserializer();

        @Override
        public void open(DeserializationSchema.InitializationContext context) throws Exception {
            real.open(context);
        }

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Either<Telemetry, DeadLetter>> out)
                throws java.io.IOException {
            if (DECODED.incrementAndGet() >= FAIL_AT.get() && FAILED.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure at record " + DECODED.get());
            }
            real.deserialize(record, out);
        }

        @Override
        public TypeInformation<Either<Telemetry, DeadLetter>> getProducedType() {
            return real.getProducedType();
        }
    }

    private static void poll(KafkaConsumer<byte[], byte[]> consumer, List<String> into) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
            into.addAll(TelemetryAlertJobTest.fingerprints(List.of(AlertJson.decode(r.value()))));
        }
    }

    /**
     * Every reading to partition 0, in event-time order. Spread over partitions, the pause between
     * the halves would make partitions idle, and the first to resume would move the watermark past
     * the others' readings: late, hence retroactive alerts (correct, but not what a run without the
     * pause gives). The other partitions stay empty and idle.
     */
    private static void send(KafkaProducer<byte[], byte[]> producer, Telemetry t) {
        producer.send(new ProducerRecord<>(Topics.TELEMETRY, 0, t.device().getBytes(StandardCharsets.UTF_8), TelemetryAvro.encode(t)));
    }
}
