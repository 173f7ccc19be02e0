package dev.prognos.stream.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prognos.core.Topics;
import dev.prognos.core.alert.Alert;
import dev.prognos.core.alert.AlertJson;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class AlertSerializerTest {

    @Test
    void shouldWriteJsonToTheAlertsTopicKeyedByDeviceAtTheAlertsEventTime() {
        Alert alert = new Alert(Alert.idOf("pump-007", "rule", "vib_rms_mm_s>=7.1", 1_795_414_322_789L), "pump-007",
                "plant-a", "centrifugal-pump", "rule", "vib_rms_mm_s>=7.1", Alert.Severity.CRITICAL, Alert.State.OPEN,
                "vib_rms_mm_s", 7.42, 7.1, 1_795_414_322_789L, 1234, "vib_rms_mm_s 7.42 reached the threshold 7.1");

        ProducerRecord<byte[], byte[]> record = new AlertSerializer().serialize(alert, null, 99L);

        assertThat(record.topic()).isEqualTo(Topics.ALERTS);
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("pump-007");
        assertThat(AlertJson.decode(record.value())).isEqualTo(alert);
        assertThat(record.timestamp()).isEqualTo(1_795_414_322_789L);
        assertThat(record.partition()).isNull();
    }

    @Test
    void shouldStampAnAlertFromADeviceWhoseClockRunsAheadWithNowButKeepItsEventTime() {
        long twoHoursAhead = System.currentTimeMillis() + 7_200_000L; // beyond Kafka 4's 1 h after.max default
        Alert alert = new Alert(Alert.idOf("pump-008", "rule", "vib_rms_mm_s>=7.1", twoHoursAhead), "pump-008",
                "plant-a", "centrifugal-pump", "rule", "vib_rms_mm_s>=7.1", Alert.Severity.CRITICAL, Alert.State.OPEN,
                "vib_rms_mm_s", 7.42, 7.1, twoHoursAhead, 1, "vib_rms_mm_s 7.42 reached the threshold 7.1");

        long before = System.currentTimeMillis();
        ProducerRecord<byte[], byte[]> record = new AlertSerializer().serialize(alert, null, 99L);

        assertThat(record.timestamp()).isBetween(before, System.currentTimeMillis());
        assertThat(AlertJson.decode(record.value()).ts()).isEqualTo(twoHoursAhead);
    }
}
