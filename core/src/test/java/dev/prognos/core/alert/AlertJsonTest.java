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
    void shouldReadAlertsWrittenBeforeRetroactiveAndStateTsExisted() {
        String old = "{\"id\":\"pump-007/rule/c/1\",\"device\":\"pump-007\",\"site\":\"plant-a\","
                + "\"asset\":\"centrifugal-pump\",\"detector\":\"rule\",\"condition\":\"c\","
                + "\"severity\":\"CRITICAL\",\"state\":\"OPEN\",\"reading\":\"vib_rms_mm_s\",\"value\":7.42,"
                + "\"threshold\":7.1,\"ts\":1795414322789,\"seq\":1234,\"message\":\"m\"}";
        Alert alert = AlertJson.decode(old.getBytes(StandardCharsets.UTF_8));
        assertThat(alert.retroactive()).isFalse();
        assertThat(alert.stateTs()).isZero();
        assertThat(alert.stateTime()).isEqualTo(1795414322789L);
    }

    @Test
    void shouldRoundTripAndPrintARetroactiveResolvedAlert() {
        Alert resolved = new Alert(ALERT.id(), ALERT.device(), ALERT.site(), ALERT.asset(), ALERT.detector(),
                ALERT.condition(), ALERT.severity(), Alert.State.OPEN, ALERT.reading(), ALERT.value(),
                ALERT.threshold(), ALERT.ts(), ALERT.seq(), ALERT.message(), true, ALERT.ts())
                .withState(Alert.State.RESOLVED, 1795414382789L);
        assertThat(AlertJson.decode(AlertJson.encode(resolved))).isEqualTo(resolved);
        assertThat(resolved.id()).isEqualTo(ALERT.id());
        assertThat(AlertJson.line(resolved)).isEqualTo(
                "2026-11-23T06:12:02.789Z CRITICAL RESOLVED pump-007 plant-a/centrifugal-pump rule vib_rms_mm_s>=7.1"
                        + " value 7.42 (seq 1234) ISO 10816-3 zone D since 2026-11-23T06:13:02.789Z"
                        + " [retroactive: from late data]");
    }

    @Test
    void shouldGiveTheOpeningTimeAsStateTimeOfANewAlert() {
        assertThat(ALERT.retroactive()).isFalse();
        assertThat(ALERT.stateTs()).isEqualTo(ALERT.ts());
    }

    @Test
    void shouldRefuseSomethingElse() {
        assertThatThrownBy(() -> AlertJson.decode("{\"device\":1}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a Prognos alert");
    }
}
