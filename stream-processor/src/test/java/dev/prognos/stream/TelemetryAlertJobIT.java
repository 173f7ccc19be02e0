package dev.prognos.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.prognos.core.DeadLetterHeaders;
import dev.prognos.core.Topics;
import dev.prognos.core.alert.Alert;
import dev.prognos.core.alert.AlertJson;
import dev.prognos.core.telemetry.Telemetry;
import dev.prognos.core.telemetry.TelemetryAvro;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * The production job (real KafkaSource and exactly-once KafkaSink) on a local MiniCluster against
 * a real single-node Kafka: Avro telemetry in, a committed JSON alert out.
 */
class TelemetryAlertJobIT extends KafkaJobTestBase {

    private static final Duration DEADLINE = Duration.ofSeconds(90);
    /** Aligned on the 10 s windows. */
    private static final long T0 = 1_795_414_320_000L;

    @Test
    void shouldWriteOneCommittedAlertWhenADevicesVibrationCrossesTheThreshold() throws Exception {
        StreamJobOptions options = StreamJobOptions.builder()
                .kafka(kafka.bootstrapServers())
                .groupId("stream-it")
                .checkpointIntervalMs(500)
                .modelTrustedKeys(TestModels.writeTrustedKey(dir).toString())
                .build();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2);
        JobClient job = TelemetryAlertJob.withKafka(options).start(env);
        try (KafkaProducer<byte[], byte[]> producer = producer();
             KafkaConsumer<byte[], byte[]> alerts = committedReader("stream-it-alerts");
             KafkaConsumer<byte[], byte[]> deadLetters = committedReader("stream-it-deadletters")) {
            alerts.subscribe(List.of(Topics.ALERTS));
            deadLetters.subscribe(List.of(Topics.DEADLETTER));
            // The pump's model, signed by the trusted key, and an unsigned one that must be refused.
            producer.send(new ProducerRecord<>(Topics.MODELS, TestModels.ASSET.getBytes(StandardCharsets.UTF_8),
                    TestModels.signed(3)));
            producer.send(new ProducerRecord<>(Topics.MODELS, TestModels.ASSET.getBytes(StandardCharsets.UTF_8),
                    dev.prognos.core.model.ModelJson.write(TestModels.artifact(TestModels.ASSET, 4))));
            // A value that is not Avro telemetry first: the job must set it aside and go on.
            byte[] bad = "{\"v\":1}".getBytes(StandardCharsets.UTF_8);
            send(producer, "pump-001", bad);
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
                assertThat(received).extracting(Alert::condition).contains("iso10816_zone>=D", "rul<30");
            });

            Alert alert = received.stream().filter(a -> a.condition().equals("iso10816_zone>=D")).findFirst().orElseThrow();
            assertThat(alert.device()).isEqualTo("pump-002");
            assertThat(alert.seq()).isEqualTo(20);
            assertThat(alert.value()).isEqualTo(7.5);
            assertThat(alert.state()).isEqualTo(Alert.State.OPEN);
            assertThat(alert.id()).isEqualTo(Alert.idOf("pump-002", "rule", "iso10816_zone>=D", T0 + 19_000));
            // Afterwards pump-002 stayed above the clear level: one alert per condition (zone C and zone D),
            // and the signed model's two (7.5 mm/s: RUL 10 h below 30 h, failure probability 0.9).
            assertThat(received).extracting(Alert::device, Alert::condition).containsExactlyInAnyOrder(
                    org.assertj.core.groups.Tuple.tuple("pump-002", "iso10816_zone>=D"),
                    org.assertj.core.groups.Tuple.tuple("pump-002", "iso10816_zone>=C"),
                    org.assertj.core.groups.Tuple.tuple("pump-002", "rul<30"),
                    org.assertj.core.groups.Tuple.tuple("pump-002", "failure_probability>=0.5"));
            assertThat(received).filteredOn(a -> a.detector().equals("model")).allSatisfy(a -> {
                assertThat(a.ts()).isEqualTo(T0 + 19_000);
                assertThat(a.message()).contains("model version 3");
            });

            // The undecodable value, byte for byte, with core's dead-letter headers, committed.
            List<ConsumerRecord<byte[], byte[]>> letters = new CopyOnWriteArrayList<>();
            await().atMost(DEADLINE).untilAsserted(() -> {
                deadLetters.poll(Duration.ofMillis(200)).forEach(letters::add);
                assertThat(letters).hasSize(1);
            });
            ConsumerRecord<byte[], byte[]> letter = letters.get(0);
            assertThat(letter.value()).isEqualTo(bad);
            assertThat(new String(letter.key(), StandardCharsets.UTF_8)).isEqualTo("pump-001");
            assertThat(header(letter, DeadLetterHeaders.REASON)).startsWith("not Avro telemetry: ");
            assertThat(header(letter, DeadLetterHeaders.SOURCE)).matches("kafka:prognos\\.telemetry-\\d+@\\d+");
            assertThat(Long.parseLong(header(letter, DeadLetterHeaders.REFUSED_AT_MS))).isPositive();
            assertThat(job.getJobStatus().get(10, TimeUnit.SECONDS)).isEqualTo(JobStatus.RUNNING);
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static Telemetry reading(String device, long seq, double vibration) {
        return Telemetry.of(device, "plant-a", "centrifugal-pump", seq + 1, T0 + seq * 1_000,
                Map.of("vib_rms_mm_s", vibration, "bearing_temp_c", 58.0));
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String device, byte[] value) {
        producer.send(new ProducerRecord<>(Topics.TELEMETRY, device.getBytes(StandardCharsets.UTF_8), value));
    }
}
