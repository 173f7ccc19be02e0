package dev.prognos.simulators;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FleetPlanTest {

    static final long START = 1_795_414_322_789L;

    @ParameterizedTest(name = "device {0} of {1} is {2}")
    @CsvSource({"1, 20, pump-001", "20, 20, pump-020", "999, 999, pump-999", "1, 1000, pump-0001", "1000, 1000, pump-1000"})
    void shouldNameDevicesWithZeroPaddedNumbers(int number, int fleetSize, String id) {
        assertThat(FleetPlan.deviceId(number, fleetSize)).isEqualTo(id);
    }

    @Test
    void shouldPlanOneMachinePerDeviceInOrderWhenBuiltFromOptions() {
        List<FleetPlan.Device> devices = FleetPlan.of(SimulatorOptions.builder().devices(5).build(), START);
        assertThat(devices).extracting(FleetPlan.Device::id).containsExactly("pump-001", "pump-002", "pump-003", "pump-004", "pump-005");
        assertThat(devices).allSatisfy(d -> assertThat(d.machine().groundTruth().device()).isEqualTo(d.id()));
        assertThat(devices).extracting(d -> d.machine().groundTruth()).doesNotHaveDuplicates();
    }

    @Test
    void shouldPlanTheSameFleetWhenSeedIsTheSame() {
        SimulatorOptions options = SimulatorOptions.builder().seed(9).build();
        assertThat(FleetPlan.of(options, START)).extracting(d -> d.machine().groundTruth())
                .isEqualTo(FleetPlan.of(options, START).stream().map(d -> d.machine().groundTruth()).toList());
        assertThat(FleetPlan.of(options, START)).extracting(d -> d.machine().groundTruth())
                .isNotEqualTo(FleetPlan.of(SimulatorOptions.builder().seed(10).build(), START).stream()
                        .map(d -> d.machine().groundTruth()).toList());
    }

    @ParameterizedTest(name = "{0} devices, {1} to {2} s, seed {3}")
    @CsvSource({"20, 45, 600, 42", "20, 45, 600, 1", "7, 10, 10000, 3", "100, 60, 120, 5", "3, 30, 30, 8"})
    void shouldPutOneFailureInEachLogScaleSliceOfTheWindow(int n, long minS, long maxS, long seed) {
        List<Duration> lifetimes = FleetPlan.lifetimes(seed, n, Duration.ofSeconds(minS), Duration.ofSeconds(maxS))
                .stream().sorted().toList();
        double ratio = (double) maxS / minS;
        for (int i = 0; i < n; i++) {
            double sliceFrom = minS * 1000 * Math.pow(ratio, (double) i / n);
            double sliceTo = minS * 1000 * Math.pow(ratio, (double) (i + 1) / n);
            assertThat((double) lifetimes.get(i).toMillis()).as("failure %d of %d", i + 1, n).isBetween(sliceFrom - 1, sliceTo + 1);
        }
    }

    @Test
    void shouldWriteGroundTruthCsvWithHeaderAndOneLinePerDevice(@TempDir Path dir) throws Exception {
        List<GroundTruth> truth = FleetPlan.of(SimulatorOptions.builder().devices(3).build(), START).stream()
                .map(d -> d.machine().groundTruth()).toList();
        Path file = dir.resolve("out/ground-truth.csv");
        GroundTruth.writeCsv(file, truth);
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).isEqualTo("device,fault,onset_ms,failure_ms");
        assertThat(lines.get(1)).isEqualTo("pump-001,bearing-wear," + truth.get(0).onsetMillis() + "," + truth.get(0).failureMillis());
        assertThat(lines.subList(1, lines.size())).allMatch(l -> l.matches("pump-00[1-3],bearing-wear,\\d+,\\d+"));
    }

    /**
     * The demo promise: with the defaults (20 devices, 1 reading/s, failures in 45 s–10 min),
     * several devices cross 7.1 mm/s within about 90 s and the rest later, for any seed.
     */
    @Test
    void shouldShowSeveralZoneDCrossingsWithinNinetySecondsAndTheRestLaterForEverySeed() {
        for (long seed = 0; seed < 100; seed++) {
            int[] counts = crossingsWithin(SimulatorOptions.builder().seed(seed).build(), 60, 90, 120, 600);
            // Measured over seeds 0..999: 2-4 within 60 s, 6-8 within 90 s, 8-10 within 120 s.
            assertThat(counts[0]).as("seed %d: devices above 7.1 mm/s within 60 s", seed).isBetween(2, 5);
            assertThat(counts[1]).as("seed %d: within 90 s", seed).isBetween(5, 9);
            assertThat(counts[2]).as("seed %d: within 120 s (the rest fail later)", seed).isBetween(7, 11);
            assertThat(counts[3]).as("seed %d: within 10 min", seed).isEqualTo(20);
        }
    }

    @Test
    void printsZoneDCrossingsOfTheDefaultFleet() {
        int[] counts = crossingsWithin(SimulatorOptions.defaults(), 60, 90, 120, 600);
        System.out.printf("Default fleet (seed %d): devices above 7.1 mm/s within 60 s: %d, 90 s: %d, 120 s: %d, 10 min: %d of 20%n",
                SimulatorOptions.DEFAULT_SEED, counts[0], counts[1], counts[2], counts[3]);
        assertThat(counts).isSorted();
    }

    /** How many devices have a reading above 7.1 mm/s within each horizon (s), sampling at the fleet's rate. */
    static int[] crossingsWithin(SimulatorOptions options, long... horizonsS) {
        int[] counts = new int[horizonsS.length];
        for (FleetPlan.Device d : FleetPlan.of(options, START)) {
            long horizonMs = horizonsS[horizonsS.length - 1] * 1000;
            OptionalLong crossing = SimulatedMachineTest.firstCrossing(d.machine(), START, START + horizonMs + 1, options.periodMillis());
            for (int i = 0; i < horizonsS.length; i++) {
                if (crossing.isPresent() && crossing.getAsLong() - START <= horizonsS[i] * 1000) {
                    counts[i]++;
                }
            }
        }
        return counts;
    }
}
