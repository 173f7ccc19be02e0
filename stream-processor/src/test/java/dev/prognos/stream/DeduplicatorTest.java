package dev.prognos.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prognos.core.telemetry.Telemetry;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The deduplicator in Flink's keyed harness: output, state, TTL and restore. */
class DeduplicatorTest {

    private static final long T0 = 1_795_414_322_000L;
    private static final long TTL_MS = 60_000;

    private KeyedOneInputStreamOperatorTestHarness<String, Telemetry, Telemetry> harness;

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
    void shouldDropASeqSeenBeforeForTheSameDeviceOnly() throws Exception {
        send("pump-001", 1);
        send("pump-001", 2);
        send("pump-001", 1);
        send("pump-002", 1);  // another device's seq 1 is not a duplicate
        send("pump-001", 2);

        assertThat(harness.extractOutputValues()).extracting(Telemetry::device, Telemetry::seq).containsExactly(
                org.assertj.core.groups.Tuple.tuple("pump-001", 1L),
                org.assertj.core.groups.Tuple.tuple("pump-001", 2L),
                org.assertj.core.groups.Tuple.tuple("pump-002", 1L));
        assertThat(harness.numKeyedStateEntries()).isEqualTo(2);
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void shouldForgetSeenSeqsAfterTheTimeToLive() throws Exception {
        harness.setStateTtlProcessingTime(0);
        send("pump-001", 7);
        harness.setStateTtlProcessingTime(TTL_MS - 1);
        send("pump-001", 7);
        assertThat(harness.extractOutputValues()).hasSize(1);

        harness.setStateTtlProcessingTime(TTL_MS + 1);
        send("pump-001", 7);
        assertThat(harness.extractOutputValues()).hasSize(2);
    }

    @Test
    void shouldStillDropDuplicatesAfterARestoreFromCheckpoint() throws Exception {
        send("pump-001", 1);
        OperatorSubtaskState snapshot = harness.snapshot(1, T0);
        harness.close();
        harness = newHarness();
        harness.initializeState(snapshot);
        harness.open();

        send("pump-001", 1);
        send("pump-001", 2);

        assertThat(harness.extractOutputValues()).extracting(Telemetry::seq).containsExactly(2L);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, Telemetry, Telemetry> newHarness() throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new Deduplicator(TTL_MS)),
                Telemetry::device, Types.STRING);
    }

    private void send(String device, long seq) throws Exception {
        long ts = T0 + seq * 1000;
        harness.processElement(Telemetry.of(device, "plant-a", "centrifugal-pump", seq, ts, Map.of("vib_rms_mm_s", 2.0)), ts);
    }
}
