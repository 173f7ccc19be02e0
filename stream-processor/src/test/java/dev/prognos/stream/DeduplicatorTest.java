package dev.prognos.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prognos.core.alert.Alert;
import dev.prognos.core.alert.AlertAck;
import dev.prognos.core.telemetry.Telemetry;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.types.Either;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The deduplicator inside the detector's keyed operator, in Flink's harness: the readings a window
 * counts, the time-to-live of the seqs seen (processing time: the harness's clock, which also fires
 * the expiry timer) and restore. Readings of seq n carry event time T0 + n ms, all in the first window.
 */
class DeduplicatorTest {

    private static final long T0 = 1_795_414_320_000L;
    private static final long WINDOW = 10_000;
    private static final long TTL_MS = 60_000;
    private static final String VIB = "vib_rms_mm_s";

    private KeyedBroadcastOperatorTestHarness<String, Either<Reading, AlertAck>, ModelMessage, Alert> harness;

    @BeforeEach
    void open() throws Exception {
        harness = newHarness();
        harness.open();
        harness.processBroadcastWatermark(new Watermark(Long.MAX_VALUE));
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

        assertThat(readingsCounted()).isEqualTo(Map.of("pump-001", 2L, "pump-002", 1L));
    }

    @Test
    void shouldForgetSeenSeqsAfterTheTimeToLive() throws Exception {
        harness.setProcessingTime(0);
        send("pump-001", 7);
        harness.setProcessingTime(TTL_MS - 1);
        send("pump-001", 7);
        harness.setProcessingTime(TTL_MS + 1);
        send("pump-001", 7);

        assertThat(readingsCounted()).isEqualTo(Map.of("pump-001", 2L));
    }

    @Test
    void shouldKeepTheSeqsOfADeviceThatKeepsSendingBeyondTheTimeToLive() throws Exception {
        harness.setProcessingTime(0);
        send("pump-001", 1);
        harness.setProcessingTime(TTL_MS - 1);
        send("pump-001", 2);  // a new reading refreshes the device's time-to-live
        harness.setProcessingTime(TTL_MS + 1);
        send("pump-001", 1);

        assertThat(readingsCounted()).isEqualTo(Map.of("pump-001", 2L));
    }

    @Test
    void shouldLeaveNoTimerBehindForADeviceGoneSilent() throws Exception {
        harness.setProcessingTime(0);
        send("pump-001", 1);
        assertThat(harness.numProcessingTimeTimers()).isOne();
        harness.setProcessingTime(TTL_MS / 2);
        send("pump-001", 2);
        assertThat(harness.numProcessingTimeTimers()).isOne();  // one per device, not one per reading

        harness.setProcessingTime(TTL_MS);  // fires, but the device sent at TTL/2: moved to 1.5 TTL
        assertThat(harness.numProcessingTimeTimers()).isOne();
        harness.setProcessingTime(TTL_MS / 2 + TTL_MS);
        assertThat(harness.numProcessingTimeTimers()).isZero();
        send("pump-001", 1);  // forgotten: new again

        assertThat(readingsCounted()).isEqualTo(Map.of("pump-001", 3L));
    }

    @Test
    void shouldForgetSeenSeqsAfterTheTimeToLiveAlsoWhenRestoredFromCheckpoint() throws Exception {
        harness.setProcessingTime(0);
        send("pump-001", 1);
        restoreFromCheckpoint();

        harness.setProcessingTime(TTL_MS - 1);
        send("pump-001", 1);  // still remembered
        harness.setProcessingTime(TTL_MS + 1);  // the restored expiry timer fires
        assertThat(harness.numProcessingTimeTimers()).isZero();
        send("pump-001", 1);

        assertThat(readingsCounted()).isEqualTo(Map.of("pump-001", 2L));
    }

    @Test
    void shouldDropResendsFarBehindTheNewestSeq() throws Exception {
        for (long seq = 1; seq <= 5_000; seq++) {
            send("pump-001", seq);
        }
        send("pump-001", 42);
        send("pump-001", 4_999);

        assertThat(readingsCounted()).isEqualTo(Map.of("pump-001", 5_000L));
    }

    @Test
    void shouldStillDropDuplicatesAfterARestoreFromCheckpoint() throws Exception {
        send("pump-001", 1);
        send("pump-001", 3);
        restoreFromCheckpoint();

        send("pump-001", 1);
        send("pump-001", 3);
        send("pump-001", 2);  // late, never seen: new after the restore too

        assertThat(readingsCounted()).isEqualTo(Map.of("pump-001", 3L));
    }

    /** A checkpoint now, then a new operator instance restored from it. */
    private void restoreFromCheckpoint() throws Exception {
        OperatorSubtaskState snapshot = harness.snapshot(1, T0);
        harness.close();
        harness = newHarness();
        harness.initializeState(snapshot);
        harness.open();
        harness.processBroadcastWatermark(new Watermark(Long.MAX_VALUE));
    }

    private static KeyedBroadcastOperatorTestHarness<String, Either<Reading, AlertAck>, ModelMessage, Alert> newHarness()
            throws Exception {
        DetectorSettings settings = new DetectorSettings(WINDOW, 30_000, 0.9, 5, 1000, 6.0, 0.5, 5.0, 0.05,
                IsoVibrationZones.GROUP2_FLEXIBLE, Map.of());
        return new KeyedBroadcastOperatorTestHarness<>(new CoBroadcastWithKeyedOperator<>(
                new DeviceDetector(settings, TestModels.trustingTheTestKey(), TTL_MS), List.of(DeviceDetector.MODELS)),
                DeviceDetector::deviceOf, Types.STRING, 1, 1, 0);
    }

    private void send(String device, long seq) throws Exception {
        long ts = T0 + seq;
        harness.processElement(Either.Left(Reading.of(Telemetry.of(device, "plant-a", "centrifugal-pump", seq, ts, Map.of(VIB, 2.0)))), ts);
    }

    /** Closes the first window: readings it counted per device. */
    private Map<String, Long> readingsCounted() throws Exception {
        harness.processWatermark(new Watermark(T0 + WINDOW - 1));
        return harness.getSideOutput(DeviceDetector.HEALTH).stream().map(StreamRecord::getValue)
                .collect(Collectors.toMap(DeviceHealth::device, h -> h.features().get(VIB).count()));
    }
}
