package dev.prognos.simulators;

import static dev.prognos.simulators.SimulatedMachine.BEARING_TEMP_C;
import static dev.prognos.simulators.SimulatedMachine.ISO_ZONE_D_MM_S;
import static dev.prognos.simulators.SimulatedMachine.MOTOR_CURRENT_A;
import static dev.prognos.simulators.SimulatedMachine.VIB_KURTOSIS;
import static dev.prognos.simulators.SimulatedMachine.VIB_PEAK_MM_S;
import static dev.prognos.simulators.SimulatedMachine.VIB_RMS_MM_S;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SimulatedMachineTest {

    static final long START = 1_795_414_322_789L;

    static SimulatedMachine pump(long seed, long lifetimeS) {
        return SimulatedMachine.create("pump-007", seed, START, Duration.ofSeconds(lifetimeS));
    }

    /** Readings from start to end (both epoch ms), one every periodMs. */
    static List<Map<String, Double>> trace(SimulatedMachine m, long fromMs, long toMs, long periodMs) {
        List<Map<String, Double>> out = new ArrayList<>();
        for (long ts = fromMs; ts < toMs; ts += periodMs) {
            out.add(m.sample(ts));
        }
        return out;
    }

    static double mean(List<Map<String, Double>> readings, String name) {
        return readings.stream().mapToDouble(r -> r.get(name)).average().orElseThrow();
    }

    @Nested
    @DisplayName("determinism")
    class Determinism {

        @Test
        void shouldGiveSameTruthAndReadingsWhenSeedIsTheSame() {
            SimulatedMachine a = pump(7, 120);
            SimulatedMachine b = pump(7, 120);
            assertThat(a.groundTruth()).isEqualTo(b.groundTruth());
            for (long ts = START; ts < START + 150_000; ts += 997) {
                assertThat(a.sample(ts)).as("at %d", ts).isEqualTo(b.sample(ts));
            }
        }

        @Test
        void shouldGiveSameReadingWhateverTheOrderOfSampling() {
            SimulatedMachine m = pump(11, 60);
            long late = START + 55_000;
            Map<String, Double> lateFirst = m.sample(late);
            m.sample(START + 1_000);
            m.sample(START + 20_000);
            assertThat(m.sample(late)).isEqualTo(lateFirst);
        }

        @Test
        void shouldDifferWhenSeedDiffers() {
            assertThat(pump(1, 120).groundTruth()).isNotEqualTo(pump(2, 120).groundTruth());
            assertThat(pump(1, 120).sample(START + 5_000)).isNotEqualTo(pump(2, 120).sample(START + 5_000));
        }

        @Test
        void shouldAddNoiseBetweenNeighbouringSamples() {
            SimulatedMachine m = pump(3, 600);
            long distinct = LongStream.range(0, 50).mapToObj(i -> m.sample(START + i * 1000).get(VIB_RMS_MM_S)).distinct().count();
            assertThat(distinct).isGreaterThan(40);
        }
    }

    @Test
    void shouldNameEveryReadingWithItsUnit() {
        assertThat(pump(1, 60).sample(START).keySet())
                .containsExactly(VIB_RMS_MM_S, VIB_PEAK_MM_S, VIB_KURTOSIS, BEARING_TEMP_C, MOTOR_CURRENT_A);
    }

    @Test
    void shouldRecordBearingWearWithOnsetBetweenThirtyAndSixtyPercentOfLife() {
        for (long seed = 0; seed < 200; seed++) {
            GroundTruth t = pump(seed, 100).groundTruth();
            assertThat(t.device()).isEqualTo("pump-007");
            assertThat(t.fault()).isEqualTo("bearing-wear");
            assertThat(t.failureMillis()).isEqualTo(START + 100_000);
            assertThat(t.onsetMillis()).isBetween(START + 30_000, START + 60_000);
        }
    }

    @Test
    void shouldRefuseLifetimeBelowOneSecond() {
        assertThatThrownBy(() -> SimulatedMachine.create("pump-001", 1, START, Duration.ofMillis(999)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lifetime");
    }

    @Nested
    @DisplayName("degradation, for seeds and lifetimes across the default window (45 s to 10 min)")
    class Degradation {

        @ParameterizedTest(name = "seed {0}, life {1} s, sampled every {2} ms")
        @CsvSource({
                "1,    45, 1000",
                "2,    45,  100",
                "3,    60, 1000",
                "42,   90, 1000",
                "77,  120,  500",
                "123, 300, 1000",
                "999, 600, 1000",
                "-5,  600, 5000",
        })
        void shouldStayHealthyBeforeOnsetThenCrossZoneDBeforeFailure(long seed, long lifetimeS, long periodMs) {
            SimulatedMachine m = pump(seed, lifetimeS);
            GroundTruth t = m.groundTruth();

            // Healthy: before the bearing's onset and before any second fault.
            long firstOnset = m.groundTruths().stream().mapToLong(GroundTruth::onsetMillis).min().orElseThrow();
            List<Map<String, Double>> healthy = trace(m, START, firstOnset, periodMs);
            assertThat(healthy).isNotEmpty();
            assertThat(healthy).allSatisfy(r -> assertThat(r.get(VIB_RMS_MM_S)).isBetween(0.8, 2.8));
            assertThat(mean(healthy, VIB_RMS_MM_S)).isBetween(1.0, 2.0);

            // Zone D comes late (the final, accelerating phase of the wear): at the latest at failure.
            OptionalLong crossing = firstCrossing(m, START, t.failureMillis() + 1, periodMs);
            assertThat(crossing).as("a reading above %s mm/s", ISO_ZONE_D_MM_S).isPresent();
            assertThat(crossing.getAsLong()).isGreaterThan(t.onsetMillis()).isLessThanOrEqualTo(t.failureMillis());
        }

        @ParameterizedTest(name = "seed {0}, life {1} s")
        @CsvSource({"1, 45", "42, 90", "123, 300", "999, 600"})
        void shouldRaiseKurtosisTemperatureAndCurrentTowardsFailure(long seed, long lifetimeS) {
            SimulatedMachine m = pump(seed, lifetimeS);
            GroundTruth t = m.groundTruth();
            long degradation = t.failureMillis() - t.onsetMillis();
            long firstOnset = m.groundTruths().stream().mapToLong(GroundTruth::onsetMillis).min().orElseThrow();
            List<Map<String, Double>> healthy = trace(m, START, firstOnset, 50);
            // The last hundredth of the degradation, before failure: the final phase, damage near 0.9.
            List<Map<String, Double>> nearFailure = trace(m, t.failureMillis() - degradation / 100, t.failureMillis(), 10);
            boolean overheating = m.groundTruths().stream().anyMatch(g -> g.fault().equals("overheating"));

            assertThat(mean(healthy, VIB_KURTOSIS)).isBetween(2.8, 3.2);
            assertThat(mean(nearFailure, VIB_KURTOSIS)).isGreaterThan(7.0);
            assertThat(mean(healthy, BEARING_TEMP_C)).isBetween(41.0, 49.0);
            assertThat(mean(nearFailure, BEARING_TEMP_C)).isGreaterThan(68.0).isLessThan(overheating ? 120.0 : 90.0);
            double current = mean(healthy, MOTOR_CURRENT_A);
            assertThat(current).isBetween(1.9, 2.5);
            assertThat(mean(nearFailure, MOTOR_CURRENT_A)).isGreaterThan(current * 1.03).isLessThan(current * (overheating ? 1.25 : 1.1));
            assertThat(mean(nearFailure, VIB_PEAK_MM_S) / mean(nearFailure, VIB_RMS_MM_S))
                    .isGreaterThan(mean(healthy, VIB_PEAK_MM_S) / mean(healthy, VIB_RMS_MM_S) + 1.0);
        }

        @Test
        void shouldGrowBearingVibrationWithoutEverFallingDuringDegradation() {
            SimulatedMachine m = pump(5, 200);
            GroundTruth t = m.groundTruth();
            // Wear is a gamma process: it pauses (equal values) but never goes back.
            double previous = m.bearingRmsMmS(t.onsetMillis());
            for (long ts = t.onsetMillis() + 1000; ts <= t.failureMillis(); ts += 1000) {
                double now = m.bearingRmsMmS(ts);
                assertThat(now).isGreaterThanOrEqualTo(previous);
                previous = now;
            }
            assertThat(m.bearingRmsMmS(t.failureMillis())).isGreaterThan(5 * m.bearingRmsMmS(t.onsetMillis()));
        }

        @Test
        void shouldStayFailedAfterFailure() {
            SimulatedMachine m = pump(8, 60);
            long failure = m.groundTruth().failureMillis();
            assertThat(trace(m, failure, failure + 600_000, 1000))
                    .allSatisfy(r -> {
                        assertThat(r.get(VIB_RMS_MM_S)).isGreaterThan(ISO_ZONE_D_MM_S);
                        assertThat(r.get(VIB_KURTOSIS)).isGreaterThan(7.0);
                    });
        }
    }

    static OptionalLong firstCrossing(SimulatedMachine m, long fromMs, long toMs, long periodMs) {
        for (long ts = fromMs; ts < toMs; ts += periodMs) {
            if (m.sample(ts).get(VIB_RMS_MM_S) > ISO_ZONE_D_MM_S) {
                return OptionalLong.of(ts);
            }
        }
        return OptionalLong.empty();
    }
}
