package dev.prognos.core.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AlertJsonTest {

    static final Alert ALERT = new Alert(Alert.idOf("pump-007", "rule", "vib_rms_mm_s>=7.1", 1795414322789L),
            "pump-007", "plant-a", "centrifugal-pump", "rule", "vib_rms_mm_s>=7.1", Alert.Severity.CRITICAL,
            Alert.State.OPEN, "vib_rms_mm_s", 7.42, 7.1, 1795414322789L, 1234, "ISO 10816-3 zone D");

    @Test
    void shouldRoundTrip() {
        assertThat(AlertJson.decode(AlertJson.encode(ALERT))).isEqualTo(ALERT);
    }

    @Test
    void shouldPrintOneReadableLine() {
        assertThat(AlertJson.line(ALERT)).isEqualTo(
                "2026-11-23T06:12:02.789Z CRITICAL OPEN  pump-007 plant-a/centrifugal-pump rule vib_rms_mm_s>=7.1"
                        + " value 7.42 (seq 1234) ISO 10816-3 zone D");
    }

    @Test
    void shouldRefuseSomethingElse() {
        assertThatThrownBy(() -> AlertJson.decode("{\"device\":1}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a Prognos alert");
    }
}
