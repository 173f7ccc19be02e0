package dev.prognos.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prognos.core.DeadLetterHeaders;
import dev.prognos.core.Topics;
import dev.prognos.core.telemetry.Telemetry;
import dev.prognos.core.telemetry.TelemetryAvro;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

class RecordsTest {

    static String header(ProducerRecord<byte[], byte[]> r, String name) {
        Header[] all = r.headers().toArray();
        assertThat(r.headers().headers(name)).as("header %s", name).hasSize(1);
        for (Header h : all) {
            if (h.key().equals(name)) {
                return new String(h.value(), StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("no header " + name);
    }

    @Test
    void shouldKeyTelemetryByDeviceAndEncodeItAsAvro() {
        Telemetry t = Telemetry.of("pump-007", "plant-a", "centrifugal-pump", 42, 1795414322789L,
                Map.of("vib_rms_mm_s", 2.31));

        ProducerRecord<byte[], byte[]> r = Records.telemetry(t);

        assertThat(r.topic()).isEqualTo(Topics.TELEMETRY);
        assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("pump-007");
        assertThat(TelemetryAvro.decode(r.value())).isEqualTo(t);
    }

    @Test
    void shouldKeepTheRawPayloadAndSayWhyWhereAndWhenWhenDeadLettering() {
        byte[] raw = {'{', '"', 'v', (byte) 0xff, 0, '\n'};
        String topic = "prognos/v1/plant-a/pump-007/telemetry";

        ProducerRecord<byte[], byte[]> r = Records.deadLetter(topic, raw, "field 'seq': must be an integer >= 0, got -1", 1795414322789L);

        assertThat(r.topic()).isEqualTo(Topics.DEADLETTER);
        assertThat(r.value()).isEqualTo(raw);
        assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(topic);
        assertThat(header(r, DeadLetterHeaders.REASON)).isEqualTo("field 'seq': must be an integer >= 0, got -1");
        assertThat(header(r, DeadLetterHeaders.SOURCE)).isEqualTo("mqtt:" + topic);
        assertThat(header(r, DeadLetterHeaders.REFUSED_AT_MS)).isEqualTo("1795414322789");
    }

    @Test
    void shouldLeaveOutAPayloadTooLargeForTheDeadLetterTopicButKeepWhyWhereAndWhen() {
        ProducerRecord<byte[], byte[]> refusal = Records.deadLetter("centrifugal-pump", "kafka:prognos.models/0@17",
                new byte[3_000_000], "MQTT broker refused the retained publish", 1795414322789L);

        ProducerRecord<byte[], byte[]> r = Records.withoutPayload(refusal);

        assertThat(r.topic()).isEqualTo(Topics.DEADLETTER);
        assertThat(r.value()).isNull();
        assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("centrifugal-pump");
        assertThat(header(r, DeadLetterHeaders.REASON)).startsWith("MQTT broker refused the retained publish")
                .contains("3000000 bytes left out");
        assertThat(header(r, DeadLetterHeaders.SOURCE)).isEqualTo("kafka:prognos.models/0@17");
        assertThat(header(r, DeadLetterHeaders.REFUSED_AT_MS)).isEqualTo("1795414322789");
    }
}
