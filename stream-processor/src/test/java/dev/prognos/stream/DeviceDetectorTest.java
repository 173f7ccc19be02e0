package dev.prognos.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.prognos.core.alert.Alert;
import dev.prognos.core.alert.AlertAck;
import dev.prognos.core.model.ModelOutput;
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
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The detector in Flink's keyed two-input harness: windows, detectors, every lifecycle transition, timers, restore. */
class DeviceDetectorTest {

    /** Window starts are aligned on the epoch: T0 is one. */
    private static final long T0 = 1_795_414_320_000L;
    private static final long WINDOW = 10_000;
    private static final long HOLD = 30_000;
    private static final String VIB = "vib_rms_mm_s";
    private static final String D = "iso10816_zone>=D";
    private static final String C = "iso10816_zone>=C";

    private KeyedBroadcastOperatorTestHarness<String, Either<Reading, AlertAck>, ModelMessage, Alert> harness;
    private DeviceDetector detector;
    private DetectorSettings settings = settings(5, 1000);
    private ModelSettings models = TestModels.trustingTheTestKey();

    private static DetectorSettings settings(int maxOpen, int warmup) {
        return new DetectorSettings(WINDOW, HOLD, 0.9, maxOpen, warmup, 6.0, 0.5, 5.0, 0.05,
                IsoVibrationZones.GROUP2_FLEXIBLE, Map.of());
    }

    @BeforeEach
    void open() throws Exception {
        start();
    }

    private void start() throws Exception {
        harness = newHarness();
        harness.open();
        harness.processBroadcastWatermark(new Watermark(Long.MAX_VALUE));
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Nested
    @DisplayName("windows and features")
    class Windows {

        @Test
        void shouldEmitTheWindowsFeaturesWhenTheWatermarkPassesItsEnd() throws Exception {
            send("pump-001", 1, 0, 2.0);
            send("pump-001", 2, 1_000, 2.2);
            send("pump-001", 3, 2_000, 2.4);
            assertThat(health()).isEmpty();
            assertThat(harness.numEventTimeTimers()).isOne();

            watermark(WINDOW - 1);

            assertThat(health()).hasSize(1);
            DeviceHealth h = health().get(0);
            assertThat(h.windowStart()).isEqualTo(T0);
            assertThat(h.windowEnd()).isEqualTo(T0 + WINDOW);
            assertThat(h.features().get(VIB).count()).isEqualTo(3);
            assertThat(h.features().get(VIB).mean()).isCloseTo(2.2, org.assertj.core.api.Assertions.within(1e-12));
            assertThat(h.features().get(VIB).slope()).isCloseTo(0.2, org.assertj.core.api.Assertions.within(1e-12));
            assertThat(h.isoZone()).isEqualTo("A");
            assertThat(h.retroactive()).isFalse();
            assertThat(h.baselineReady()).isFalse();
            assertThat(alerts()).isEmpty();
            assertThat(harness.numEventTimeTimers()).isZero();
        }
    }

    @Nested
    @DisplayName("ISO 10816-3 rule and lifecycle")
    class Lifecycle {

        @Test
        void shouldOpenOneAlertPerZoneConditionWhenTheMeanReachesZoneD() throws Exception {
            send("pump-001", 1, 0, 7.9);
            send("pump-001", 2, 4_000, 8.1);
            watermark(WINDOW - 1);

            assertThat(alerts()).extracting(Alert::condition, Alert::severity, Alert::state, Alert::seq, Alert::ts, Alert::retroactive)
                    .containsExactly(tuple(D, Alert.Severity.CRITICAL, Alert.State.OPEN, 2L, T0 + 4_000, false),
                            tuple(C, Alert.Severity.WARNING, Alert.State.OPEN, 2L, T0 + 4_000, false));
            Alert d = alerts().get(0);
            assertThat(d.id()).isEqualTo(Alert.idOf("pump-001", "rule", D, T0 + 4_000));
            assertThat(d.value()).isEqualTo(8.0);
            assertThat(d.threshold()).isEqualTo(7.1);
            assertThat(d.detector()).isEqualTo("rule");
            // The sentence is formatted only for the findings that become alerts.
            assertThat(d.message()).isEqualTo("vibration 8.00 mm/s RMS is in ISO 10816-3 zone D (group2-flexible, zone D from 7.1 mm/s)");
            assertThat(alerts().get(1).message()).isEqualTo(
                    "vibration 8.00 mm/s RMS is in ISO 10816-3 zone D (group2-flexible, zone C from 4.5 mm/s)");
        }

        @Test
        void shouldKeepTheAlertOpenAboveTheClearLevelAndResolveAfterTheHoldTime() throws Exception {
            window(0, 8.0);   // opens D and C
            window(1, 6.6);   // below 7.1 but not below 6.39: D holds (hysteresis)
            window(2, 6.0);   // D clear from the end of window 2
            assertThat(alerts()).extracting(Alert::condition).containsExactly(D, C);
            long clearSince = T0 + 3 * WINDOW;
            assertThat(harness.numEventTimeTimers()).isOne();  // the hold timer

            window(3, 8.0);   // back before the hold ran out: the same alert, nothing new
            window(4, 5.0);   // clear again from the end of window 4
            window(5, 5.0);
            assertThat(alerts()).hasSize(2);

            long clearAgain = T0 + 5 * WINDOW;
            watermark(clearAgain + HOLD - 1);
            assertThat(alerts()).hasSize(2);
            watermark(clearAgain + HOLD);

            List<Alert> all = alerts();
            assertThat(all).hasSize(3);
            Alert resolved = all.get(2);
            assertThat(resolved.state()).isEqualTo(Alert.State.RESOLVED);
            assertThat(resolved.id()).isEqualTo(all.get(0).id());
            assertThat(resolved.stateTs()).isEqualTo(clearAgain + HOLD);
            assertThat(clearSince).isLessThan(clearAgain);
            // C (4.5 mm/s) stays open: 5.0 is above its clear level 4.05.
            assertThat(all).filteredOn(a -> a.condition().equals(C)).extracting(Alert::state).containsExactly(Alert.State.OPEN);
        }

        @Test
        void shouldAcknowledgeOnceThenResolveByAPersonAndOpenAgainOnlyAfterTheConditionCleared() throws Exception {
            window(0, 5.0);  // zone C only
            Alert opened = alerts().get(0);
            ack(opened.id(), AlertAck.Action.ACKNOWLEDGE, T0 + 20_000);
            ack(opened.id(), AlertAck.Action.ACKNOWLEDGE, T0 + 21_000);  // already acknowledged: nothing
            ack(opened.id(), AlertAck.Action.RESOLVE, T0 + 22_000);
            ack("pump-001/rule/nothing/1", AlertAck.Action.ACKNOWLEDGE, T0 + 23_000);

            assertThat(alerts()).extracting(Alert::id, Alert::state, Alert::stateTs).containsExactly(
                    tuple(opened.id(), Alert.State.OPEN, opened.ts()),
                    tuple(opened.id(), Alert.State.ACKNOWLEDGED, T0 + 20_000),
                    tuple(opened.id(), Alert.State.RESOLVED, T0 + 22_000));

            window(1, 5.0);  // still in zone C: resolved by a person, no new alert
            assertThat(alerts()).hasSize(3);
            window(2, 3.0);  // clears: re-armed
            window(3, 5.0);  // a new alert
            assertThat(alerts()).hasSize(4);
            assertThat(alerts().get(3).state()).isEqualTo(Alert.State.OPEN);
            assertThat(alerts().get(3).id()).isNotEqualTo(opened.id());
        }

        @Test
        void shouldSuppressAlertsBeyondThePerDeviceCap() throws Exception {
            settings = settings(1, 1000);
            harness.close();
            start();

            window(0, 9.0);

            assertThat(alerts()).extracting(Alert::condition).containsExactly(D);
            assertThat(health().get(0).openAlerts()).isOne();
        }

        @Test
        void shouldOpenACriticalAlertEvenWhenWarningsFilledTheCap() throws Exception {
            settings = settings(1, 1000);
            harness.close();
            start();

            window(0, 5.0);  // zone C, a WARNING: the cap of 1 is full
            window(1, 9.0);  // zone D, CRITICAL: opens all the same

            assertThat(alerts()).extracting(Alert::condition, Alert::severity)
                    .containsExactly(tuple(C, Alert.Severity.WARNING), tuple(D, Alert.Severity.CRITICAL));
            assertThat(health().get(1).openAlerts()).isEqualTo(2);
        }
    }

    @Nested
    @DisplayName("late data")
    class Late {

        @Test
        void shouldSideOutputLateReadingsAndRaiseARetroactiveAlertFromThem() throws Exception {
            window(0, 2.0);
            watermark(T0 + 100_000);
            send("pump-001", 50, 15_000, 9.0);  // its window [10 s, 20 s) closed long ago

            assertThat(harness.getSideOutput(DeviceDetector.LATE)).extracting(r -> r.getValue().seq()).containsExactly(50L);
            watermark(T0 + 100_001);

            assertThat(alerts()).extracting(Alert::condition, Alert::retroactive, Alert::ts)
                    .containsExactly(tuple(D, true, T0 + 15_000), tuple(C, true, T0 + 15_000));
            assertThat(health()).extracting(DeviceHealth::retroactive).containsExactly(false, true);
        }
    }

    @Nested
    @DisplayName("baseline")
    class Baseline {

        @Test
        void shouldRaiseZScoreAndCusumAlertsOnceTheWarmUpIsOver() throws Exception {
            settings = settings(5, 3);
            harness.close();
            start();
            window(0, 1.0);
            window(1, 1.1);
            window(2, 0.9);
            assertThat(health()).extracting(DeviceHealth::baselineReady).containsExactly(false, false, true);

            window(3, 1.0);  // on the baseline: z = 0
            assertThat(alerts()).isEmpty();
            window(4, 2.0);  // median 1.0, MAD 0.1 -> sigma 0.148: z ~ 6.7; CUSUM 6.2 >= 5

            assertThat(alerts()).extracting(Alert::detector, Alert::condition).containsExactly(
                    tuple("baseline", "|z(vib_rms_mm_s)|>=6"), tuple("cusum", "cusum(vib_rms_mm_s)>=5"));
            DeviceHealth h = health().get(4);
            assertThat(h.zScores().get(VIB)).isCloseTo(1.0 / (0.1 * 1.4826), org.assertj.core.api.Assertions.within(1e-9));
        }

        @Test
        void shouldLeaveAnEdgeModelsOutputsOutOfTheBaselineWhenADeviceSendsThem() throws Exception {
            settings = settings(5, 3);
            harness.close();
            start();
            String rul = ModelOutput.DEVICE_READING_PREFIX + ModelOutput.RUL;
            double[] rulPerWindow = {900, 850, 800, 10}; // the device's model sees the end coming
            for (int n = 0; n < 4; n++) {
                for (long offset : new long[] {1_000, 5_000}) {
                    long ts = T0 + n * WINDOW + offset;
                    harness.processElement(Either.Left(Reading.of(Telemetry.of("pump-001", "plant-a", "centrifugal-pump", ++seq, ts,
                            Map.of(VIB, 1.0, rul, rulPerWindow[n])))), ts);
                }
                watermark(T0 + (n + 1) * WINDOW - 1);
            }

            DeviceHealth last = health().get(3);
            assertThat(last.baselineReady()).isTrue();
            assertThat(last.features()).containsKey(rul); // still a feature of the window, as sent
            assertThat(last.zScores()).containsOnlyKeys(VIB);
            assertThat(alerts()).isEmpty();
        }
    }

    @Nested
    @DisplayName("model (detector 3)")
    class Model {

        private static final String RUL = "rul<30";
        private static final String FAILURE = "failure_probability>=0.5";

        @Test
        void shouldKeepAVerifiedModelInBroadcastStateAndScoreEveryWindowWithIt() throws Exception {
            byte[] v1 = TestModels.signed(1);
            harness.processBroadcastElement(TestModels.message(v1), T0);

            assertThat(harness.getBroadcastState(DeviceDetector.MODELS).get(TestModels.ASSET)).isEqualTo(v1);
            window(0, 2.0);
            window(1, 5.0);
            assertThat(health()).extracting(DeviceHealth::modelVersion, DeviceHealth::rul, DeviceHealth::failureProbability)
                    .containsExactly(tuple(1L, 100.0, 0.1), tuple(1L, 40.0, 0.1));
            assertThat(alerts()).filteredOn(a -> a.detector().equals("model")).isEmpty();
        }

        @Test
        void shouldOpenModelAlertsWhenRulFallsBelowTheHorizonAndProbabilityReachesTheThreshold() throws Exception {
            harness.processBroadcastElement(TestModels.message(TestModels.signed(1)), T0);
            window(0, 2.0);
            window(1, 8.0);

            assertThat(alerts()).filteredOn(a -> a.detector().equals("model"))
                    .extracting(Alert::condition, Alert::reading, Alert::value, Alert::threshold, Alert::state)
                    .containsExactly(tuple(RUL, "rul", 10.0, 30.0, Alert.State.OPEN),
                            tuple(FAILURE, "failure_probability", 0.9, 0.5, Alert.State.OPEN));
            window(2, 8.0);  // still below the horizon: the same alerts, nothing new
            assertThat(alerts()).filteredOn(a -> a.detector().equals("model")).hasSize(2);
        }

        @Test
        void shouldNotScoreWithoutAModel() throws Exception {
            window(0, 8.0);

            assertThat(health()).extracting(DeviceHealth::modelVersion).containsExactly(0L);
            assertThat(health().get(0).rul()).isNaN();
            assertThat(alerts()).extracting(Alert::detector).containsOnly("rule");
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource({
                "unsigned",
                "signed by an untrusted key",
                "tampered after signing",
                "for another asset type",
                "the version in use",
                "an older version",
                "not JSON",
                "no key on the record"})
        void shouldRefuseCountAndKeepTheModelInUse(String kase) throws Exception {
            byte[] v2 = TestModels.signed(2);
            harness.processBroadcastElement(TestModels.message(v2), T0);
            ModelMessage bad = switch (kase) {
                case "unsigned" -> TestModels.message(dev.prognos.core.model.ModelJson.write(TestModels.artifact(TestModels.ASSET, 3)));
                case "signed by an untrusted key" -> TestModels.message(
                        TestModels.signed(TestModels.artifact(TestModels.ASSET, 3), TestModels.STRANGER));
                case "tampered after signing" -> TestModels.message(new String(TestModels.signed(3), java.nio.charset.StandardCharsets.UTF_8)
                        .replace("100.0", "1000.0").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                case "for another asset type" -> TestModels.message(
                        TestModels.signed(TestModels.artifact("turbofan", 3), TestModels.TRUSTED));
                case "the version in use" -> TestModels.message(TestModels.signed(2));
                case "an older version" -> TestModels.message(TestModels.signed(1));
                case "not JSON" -> TestModels.message("{\"format\":".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                default -> new ModelMessage("", TestModels.signed(3));
            };

            harness.processBroadcastElement(bad, T0 + 1);

            assertThat(detector.modelsRefused()).isOne();
            assertThat(harness.getBroadcastState(DeviceDetector.MODELS).get(TestModels.ASSET)).isEqualTo(v2);
            window(0, 2.0);
            assertThat(health()).extracting(DeviceHealth::modelVersion, DeviceHealth::rul).containsExactly(tuple(2L, 100.0));
        }

        @Test
        void shouldReplaceTheModelWithANewerSignedOne() throws Exception {
            harness.processBroadcastElement(TestModels.message(TestModels.signed(1)), T0);
            window(0, 2.0);
            harness.processBroadcastElement(TestModels.message(TestModels.signed(7)), T0 + WINDOW);
            window(1, 2.0);

            assertThat(health()).extracting(DeviceHealth::modelVersion).containsExactly(1L, 7L);
            assertThat(detector.modelsRefused()).isZero();
        }

        @Test
        void shouldScoreWithTheModelAndHistoryRestoredFromACheckpoint() throws Exception {
            harness.processBroadcastElement(TestModels.message(TestModels.signed(4)), T0);
            window(0, 2.0);
            OperatorSubtaskState snapshot = harness.snapshot(1, T0 + WINDOW);
            harness.close();

            harness = newHarness();
            harness.initializeState(snapshot);
            harness.open();
            harness.processBroadcastWatermark(new Watermark(Long.MAX_VALUE));
            window(1, 8.0);

            assertThat(health()).extracting(DeviceHealth::modelVersion, DeviceHealth::rul).containsExactly(tuple(4L, 10.0));
            assertThat(alerts()).extracting(Alert::condition).contains(RUL, FAILURE);
        }
    }

    @Test
    void shouldCountAReadingOfAnOlderWindowThatArrivesAfterANewerWindowOpened() throws Exception {
        send("pump-001", 1, 1_000, 2.0);
        send("pump-001", 3, WINDOW + 1_000, 2.0);  // window 1 opens while window 0 waits for the watermark
        send("pump-001", 2, 9_000, 2.0);  // out of order: back in window 0
        watermark(WINDOW - 1);
        watermark(2 * WINDOW - 1);

        assertThat(health()).extracting(h -> h.windowStart() - T0, h -> h.features().get(VIB).count())
                .containsExactly(tuple(0L, 2L), tuple(WINDOW, 1L));
    }

    @Test
    void shouldKeepTheNewestWindowAnOlderOneAndTheSeenSeqsAcrossARestoreFromCheckpoint() throws Exception {
        send("pump-001", 1, 1_000, 2.0);
        send("pump-001", 3, WINDOW + 1_000, 4.0);  // the newest window, in the device's input value
        OperatorSubtaskState snapshot = harness.snapshot(1, T0 + WINDOW + 2_000);  // window 0 still open too
        harness.close();

        harness = newHarness();
        harness.initializeState(snapshot);
        harness.open();
        harness.processBroadcastWatermark(new Watermark(Long.MAX_VALUE));
        send("pump-001", 2, 9_000, 2.0);
        send("pump-001", 3, WINDOW + 1_000, 4.0);  // seen before the snapshot: dropped
        send("pump-001", 4, WINDOW + 2_000, 4.0);
        watermark(2 * WINDOW - 1);

        assertThat(health()).extracting(h -> h.windowStart() - T0, h -> h.features().get(VIB).count(),
                h -> h.features().get(VIB).mean()).containsExactly(tuple(0L, 2L, 2.0), tuple(WINDOW, 2L, 4.0));
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void shouldKeepOpenAlertsAndOpenWindowsAcrossARestoreFromCheckpoint() throws Exception {
        window(0, 8.0);
        send("pump-001", 100, WINDOW + 1_000, 8.2);  // window 1 still open at the snapshot
        OperatorSubtaskState snapshot = harness.snapshot(1, T0 + WINDOW + 2_000);
        harness.close();

        harness = newHarness();
        harness.initializeState(snapshot);
        harness.open();
        harness.processBroadcastWatermark(new Watermark(Long.MAX_VALUE));
        send("pump-001", 101, WINDOW + 2_000, 8.4);
        watermark(2 * WINDOW - 1);

        assertThat(alerts()).isEmpty();  // the alerts opened before the snapshot stay the only ones
        assertThat(health()).hasSize(1);
        assertThat(health().get(0).features().get(VIB).count()).isEqualTo(2);
        assertThat(health().get(0).openAlerts()).isEqualTo(2);
    }

    private KeyedBroadcastOperatorTestHarness<String, Either<Reading, AlertAck>, ModelMessage, Alert> newHarness() throws Exception {
        return new KeyedBroadcastOperatorTestHarness<>(
                new CoBroadcastWithKeyedOperator<>(detector = new DeviceDetector(settings, models), List.of(DeviceDetector.MODELS)),
                DeviceDetector::deviceOf, Types.STRING, 1, 1, 0);
    }

    private long seq;

    /** Two readings of this value in window n of pump-001, then the watermark at its end. */
    private void window(int n, double vib) throws Exception {
        send("pump-001", ++seq, n * WINDOW + 1_000, vib);
        send("pump-001", ++seq, n * WINDOW + 5_000, vib);
        watermark(T0 + (n + 1) * WINDOW - 1);
    }

    private void send(String device, long s, long offsetMs, double vib) throws Exception {
        long ts = T0 + offsetMs;
        harness.processElement(Either.Left(Reading.of(Telemetry.of(device, "plant-a", "centrifugal-pump", s, ts, Map.of(VIB, vib)))), ts);
    }

    private void ack(String alertId, AlertAck.Action action, long ts) throws Exception {
        harness.processElement(Either.Right(new AlertAck(alertId, "pump-001", action, "ana", ts, null)), ts);
    }

    private void watermark(long ts) throws Exception {
        harness.processWatermark(new Watermark(ts < T0 ? T0 + ts : ts));
    }

    private List<Alert> alerts() {
        return harness.extractOutputValues();
    }

    private List<DeviceHealth> health() {
        return harness.getSideOutput(DeviceDetector.HEALTH) == null ? List.of()
                : harness.getSideOutput(DeviceDetector.HEALTH).stream().map(StreamRecord::getValue).collect(Collectors.toList());
    }
}
