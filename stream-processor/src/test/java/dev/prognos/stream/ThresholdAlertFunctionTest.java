package dev.prognos.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prognos.core.alert.Alert;
import dev.prognos.core.telemetry.Telemetry;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The rule in Flink's keyed operator harness: output, keyed state and timers after each step. */
class ThresholdAlertFunctionTest {

    private static final String VIB = "vib_rms_mm_s";
    /** ISO 10816-3 zone D boundary, re-arming at 90 % (6.39 mm/s). */
    private static final ThresholdRule RULE = ThresholdRule.of(VIB, 7.1, 0.9);
    private static final long T0 = 1_795_414_322_000L;

    private KeyedOneInputStreamOperatorTestHarness<String, Telemetry, Alert> harness;

    @BeforeEach
    void open() throws Exception {
        harness = newHarness();
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void shouldRaiseNoAlertAndKeepNoStateWhenReadingsStayBelowThreshold() throws Exception {
        send("pump-001", 1, 2.3);
        send("pump-001", 2, 5.5);
        send("pump-001", 3, 7.09);

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertNoTimers();
    }

    @Test
    void shouldRaiseOneAlertWithTheReadingsDetailsWhenReadingCrossesThreshold() throws Exception {
        send("pump-001", 1, 6.0);
        send("pump-001", 2, 7.42);

        List<StreamRecord<? extends Alert>> records = harness.extractOutputStreamRecords();
        assertThat(records).hasSize(1);
        Alert alert = records.get(0).getValue();
        long ts = T0 + 2_000;
        assertThat(alert.id()).isEqualTo(Alert.idOf("pump-001", "rule", "vib_rms_mm_s>=7.1", ts));
        assertThat(alert.device()).isEqualTo("pump-001");
        assertThat(alert.site()).isEqualTo("plant-a");
        assertThat(alert.asset()).isEqualTo("centrifugal-pump");
        assertThat(alert.detector()).isEqualTo("rule");
        assertThat(alert.condition()).isEqualTo("vib_rms_mm_s>=7.1");
        assertThat(alert.severity()).isEqualTo(Alert.Severity.CRITICAL);
        assertThat(alert.state()).isEqualTo(Alert.State.OPEN);
        assertThat(alert.reading()).isEqualTo(VIB);
        assertThat(alert.value()).isEqualTo(7.42);
        assertThat(alert.threshold()).isEqualTo(7.1);
        assertThat(alert.ts()).isEqualTo(ts);
        assertThat(alert.seq()).isEqualTo(2);
        assertThat(alert.message()).isEqualTo("vib_rms_mm_s 7.42 reached the threshold 7.1; re-arms below 6.39");
        // The alert keeps the event time of the reading that raised it.
        assertThat(records.get(0).getTimestamp()).isEqualTo(ts);
        assertThat(isOpen("pump-001")).isTrue();
        assertThat(harness.numKeyedStateEntries()).isOne();
        assertNoTimers();
    }

    @Test
    void shouldNotAlertAgainWhileReadingStaysAboveClearLevel() throws Exception {
        send("pump-001", 1, 7.5);
        send("pump-001", 2, 8.0);
        send("pump-001", 3, 6.5); // below the threshold, not below the clear level 6.39
        send("pump-001", 4, 7.3);
        send("pump-001", 5, 9.9);

        assertThat(harness.extractOutputValues()).extracting(Alert::seq).containsExactly(1L);
        assertThat(isOpen("pump-001")).isTrue();
    }

    @Test
    void shouldRearmAndAlertAgainAfterReadingFellBelowClearLevel() throws Exception {
        send("pump-001", 1, 7.5);
        send("pump-001", 2, 6.2);
        assertThat(isOpen("pump-001")).isFalse();
        assertThat(harness.numKeyedStateEntries()).isZero();

        send("pump-001", 3, 7.2);

        List<Alert> alerts = harness.extractOutputValues();
        assertThat(alerts).extracting(Alert::seq).containsExactly(1L, 3L);
        assertThat(alerts.get(0).id()).isNotEqualTo(alerts.get(1).id());
        assertThat(isOpen("pump-001")).isTrue();
    }

    @ParameterizedTest(name = "after an alert, {0} mm/s re-arms: {1}")
    @CsvSource({
            "7.1,  false",
            "6.5,  false",
            "6.39, false", // exactly 90 % of 7.1: not below it
            "6.38, true",
            "0.0,  true"})
    void shouldRearmOnlyBelowClearLevel(double value, boolean rearms) throws Exception {
        send("pump-001", 1, 7.1);
        send("pump-001", 2, value);

        assertThat(isOpen("pump-001")).isEqualTo(!rearms);
    }

    @Test
    void shouldTrackEachDeviceOnItsOwn() throws Exception {
        send("pump-001", 1, 7.5);
        send("pump-002", 1, 3.0);
        send("pump-002", 2, 7.6);  // pump-001's open alert does not hide pump-002's
        send("pump-001", 2, 1.0);  // re-arms pump-001 only
        send("pump-002", 3, 8.0);
        send("pump-001", 3, 7.7);

        assertThat(harness.extractOutputValues())
                .extracting(Alert::device, Alert::seq)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("pump-001", 1L),
                        org.assertj.core.groups.Tuple.tuple("pump-002", 2L),
                        org.assertj.core.groups.Tuple.tuple("pump-001", 3L));
        assertThat(isOpen("pump-001")).isTrue();
        assertThat(isOpen("pump-002")).isTrue();
        assertThat(isOpen("pump-003")).isFalse();
        assertThat(harness.numKeyedStateEntries()).isEqualTo(2);
    }

    @Test
    void shouldLeaveStateAloneWhenTheReadingIsMissing() throws Exception {
        send("pump-001", 1, 7.5);
        harness.processElement(Telemetry.of("pump-001", "plant-a", "centrifugal-pump", 2, T0 + 2_000,
                Map.of("bearing_temp_c", 61.2)), T0 + 2_000);
        send("pump-001", 3, 7.6);

        assertThat(harness.extractOutputValues()).extracting(Alert::seq).containsExactly(1L);
        assertThat(isOpen("pump-001")).isTrue();
    }

    @Test
    void shouldKeepTheOpenAlertAcrossARestoreFromCheckpoint() throws Exception {
        send("pump-001", 1, 7.5);
        OperatorSubtaskState snapshot = harness.snapshot(1L, T0 + 1_500);
        harness.close();

        harness = newHarness();
        harness.initializeState(snapshot);
        harness.open();
        send("pump-001", 2, 7.8);  // replayed or new, it must not raise a second alert

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(isOpen("pump-001")).isTrue();
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, Telemetry, Alert> newHarness() throws Exception {
        // Not ProcessFunctionTestHarnesses: it opens the harness, and a restore must come before open.
        return new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new ThresholdAlertFunction(RULE)),
                Telemetry::device, Types.STRING);
    }

    private void send(String device, long seq, double vibration) throws Exception {
        long ts = T0 + seq * 1_000;
        harness.processElement(Telemetry.of(device, "plant-a", "centrifugal-pump", seq, ts,
                Map.of(VIB, vibration, "bearing_temp_c", 61.2)), ts);
    }

    /** The device's flag in the operator's keyed state backend. */
    private boolean isOpen(String device) throws Exception {
        KeyedStateBackend<Object> backend = ((AbstractStreamOperator<?>) harness.getOperator()).getKeyedStateBackend();
        backend.setCurrentKey(device);
        ValueState<Boolean> open = backend.getPartitionedState(VoidNamespace.INSTANCE,
                VoidNamespaceSerializer.INSTANCE, new ValueStateDescriptor<>(ThresholdAlertFunction.OPEN_STATE, Types.BOOLEAN));
        return Boolean.TRUE.equals(open.value());
    }

    private void assertNoTimers() {
        // The rule decides per reading; a timer here would be state that never goes away.
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();
    }
}
