package dev.prognos.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.prognos.core.Topics;
import dev.prognos.core.alert.Alert;
import dev.prognos.core.alert.AlertJson;
import dev.prognos.core.telemetry.Telemetry;
import dev.prognos.core.telemetry.TelemetryAvro;
import dev.prognos.stack.LocalKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production job (real KafkaSource and exactly-once KafkaSink) on a local MiniCluster against
 * a real single-node Kafka: Avro telemetry in, a committed JSON alert out.
 */
class TelemetryAlertJobIT {

    private static final Duration DEADLINE = Duration.ofSeconds(90);
    /** Aligned on the 10 s windows. */
    private static final long T0 = 1_795_414_320_000L;

    @TempDir
    static Path dir;
    static LocalKafka kafka;

    @BeforeAll
    static void startKafka() {
        kafka = LocalKafka.start(dir.resolve("kafka"));
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void shouldWriteOneCommittedAlertWhenADevicesVibrationCrossesTheThreshold() throws Exception {
        StreamJobOptions options = StreamJobOptions.builder()
                .kafka(kafka.bootstrapServers())
                .groupId("stream-it")
                .checkpointIntervalMs(500)
                .build();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2);
        JobClient job = TelemetryAlertJob.withKafka(options).start(env);
        try (KafkaProducer<byte[], byte[]> producer = producer();
             KafkaConsumer<byte[], byte[]> alerts = committedReader()) {
            alerts.subscribe(List.of(Topics.ALERTS));
            // A value that is not Avro telemetry first: the job must skip it and go on.
            send(producer, "pump-001", "{\"v\":1}".getBytes(StandardCharsets.UTF_8));
            // 40 s of readings, one a second: pump-002 reaches 7.5 mm/s (zone D) in its second window
            // [10 s, 20 s) and stays between the clear level (6.39) and D; later windows push the watermark on.
            for (long seq = 0; seq < 40; seq++) {
                send(producer, "pump-001", TelemetryAvro.encode(reading("pump-001", seq, 2.3)));
                send(producer, "pump-002", TelemetryAvro.encode(reading("pump-002", seq, seq < 10 ? 3.0 : (seq < 20 ? 7.5 : 6.9))));
            }
            // A duplicate of one reading: dropped.
            send(producer, "pump-002", TelemetryAvro.encode(reading("pump-002", 15, 7.5)));
            producer.flush();

            List<Alert> received = new CopyOnWriteArrayList<>();
            await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                for (ConsumerRecord<byte[], byte[]> r : alerts.poll(Duration.ofMillis(200))) {
                    assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(AlertJson.decode(r.value()).device());
                    received.add(AlertJson.decode(r.value()));
                }
                assertThat(received).extracting(Alert::condition).contains("iso10816_zone>=D");
            });

            Alert alert = received.stream().filter(a -> a.condition().equals("iso10816_zone>=D")).findFirst().orElseThrow();
            assertThat(alert.device()).isEqualTo("pump-002");
            assertThat(alert.seq()).isEqualTo(20);
            assertThat(alert.value()).isEqualTo(7.5);
            assertThat(alert.state()).isEqualTo(Alert.State.OPEN);
            assertThat(alert.id()).isEqualTo(Alert.idOf("pump-002", "rule", "iso10816_zone>=D", T0 + 19_000));
            // Afterwards pump-002 stayed above the clear level: one alert per condition (zone C and zone D).
            assertThat(received).extracting(Alert::device, Alert::condition).containsExactlyInAnyOrder(
                    org.assertj.core.groups.Tuple.tuple("pump-002", "iso10816_zone>=D"),
                    org.assertj.core.groups.Tuple.tuple("pump-002", "iso10816_zone>=C"));
            assertThat(job.getJobStatus().get(10, TimeUnit.SECONDS)).isEqualTo(JobStatus.RUNNING);
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
    }

    private static Telemetry reading(String device, long seq, double vibration) {
        return Telemetry.of(device, "plant-a", "centrifugal-pump", seq + 1, T0 + seq * 1_000,
                Map.of("vib_rms_mm_s", vibration, "bearing_temp_c", 58.0));
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String device, byte[] value) {
        producer.send(new ProducerRecord<>(Topics.TELEMETRY, device.getBytes(StandardCharsets.UTF_8), value));
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Reads what the job's transactions committed, as every consumer of alerts must. */
    private static KafkaConsumer<byte[], byte[]> committedReader() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "stream-it-reader",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
