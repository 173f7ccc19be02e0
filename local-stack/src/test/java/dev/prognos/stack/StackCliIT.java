package dev.prognos.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prognos.core.DeadLetterHeaders;
import dev.prognos.core.Topics;
import dev.prognos.core.alert.Alert;
import dev.prognos.core.alert.AlertJson;
import dev.prognos.core.telemetry.Telemetry;
import dev.prognos.core.telemetry.TelemetryAvro;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The readers ./prognos alerts, telemetry and deadletters, against a real Kafka. */
class StackCliIT {

    @TempDir
    static Path dir;
    static LocalKafka kafka;

    @BeforeAll
    static void startKafkaWithOneRecordPerTopic() throws Exception {
        kafka = LocalKafka.start(dir);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            Alert alert = new Alert("id-1", "pump-007", "plant-a", "centrifugal-pump", "rule", "vib_rms_mm_s>=7.1",
                    Alert.Severity.CRITICAL, Alert.State.OPEN, "vib_rms_mm_s", 7.42, 7.1, 1795414322789L, 1234, null);
            producer.send(new ProducerRecord<>(Topics.ALERTS, bytes("pump-007"), AlertJson.encode(alert))).get();
            for (String device : new String[] {"pump-001", "pump-002"}) {
                Telemetry t = Telemetry.of(device, "plant-a", "fan", 5, 1795414322789L, Map.of("vib_rms_mm_s", 2.5));
                producer.send(new ProducerRecord<>(Topics.TELEMETRY, bytes(device), TelemetryAvro.encode(t))).get();
            }
            ProducerRecord<byte[], byte[]> dead = new ProducerRecord<>(Topics.DEADLETTER, bytes("t"), bytes("{\"v\":1,"));
            dead.headers().add(DeadLetterHeaders.REASON, bytes("not valid JSON"));
            dead.headers().add(DeadLetterHeaders.SOURCE, bytes("mqtt:prognos/v1/plant-a/pump-9/telemetry"));
            dead.headers().add(DeadLetterHeaders.REFUSED_AT_MS, bytes("1795414322789"));
            producer.send(dead).get();
        }
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    @Test
    void shouldPrintEachAlertAsOneReadableLineAndExitWhenCaughtUp() {
        assertThat(run("alerts")).isEqualTo(
                "2026-11-23T06:12:02.789Z CRITICAL OPEN  pump-007 plant-a/centrifugal-pump rule vib_rms_mm_s>=7.1 value 7.42 (seq 1234)\n");
    }

    @Test
    void shouldPrintOnlyTheAskedDevicesTelemetryAsJson() {
        assertThat(run("telemetry", "--device", "pump-002")).isEqualTo(
                "{\"v\":1,\"device\":\"pump-002\",\"site\":\"plant-a\",\"asset\":\"fan\",\"seq\":5,\"ts\":1795414322789,"
                        + "\"readings\":{\"vib_rms_mm_s\":2.5}}\n");
    }

    @Test
    void shouldPrintADeadLetterWithItsSourceReasonAndRawBytes() {
        assertThat(run("deadletters")).isEqualTo("2026-11-23T06:12:02.789Z mqtt:prognos/v1/plant-a/pump-9/telemetry"
                + " — not valid JSON\n    raw: {\"v\":1,\n");
    }

    private static String run(String... args) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            String[] all = new String[args.length + 1];
            all[0] = args[0];
            all[1] = "--kafka=" + kafka.bootstrapServers();
            System.arraycopy(args, 1, all, 2, args.length - 1);
            int rc = new CommandLine(new StackCli()).execute(all);
            assertThat(rc).isZero();
        } finally {
            System.setOut(original);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
