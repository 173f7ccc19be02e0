package dev.prognos.simulators;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shape of the simulated bearing wear against a real run to failure: NASA IMS test 2, bearing 1
 * (outer-race failure after 164 h), as reduced in ../shared/datasets/ims-bearing (mean absolute
 * acceleration per 10-minute snapshot). Both trajectories are normalised the same way: time from
 * the degradation onset (0) to failure (1), amplitude as log(level / healthy level) over
 * log(final level / healthy level) (0 healthy, 1 at failure). The numbers are in README.md
 * ("Calibration").
 */
class ImsCalibrationTest {

    /** Largest difference allowed between the IMS and the simulated fleet's mean, per tenth of the degradation. */
    static final double MAX_DECILE_DIFFERENCE = 0.15;
    /** RMS difference allowed over the ten tenths. */
    static final double MAX_RMS_DIFFERENCE = 0.08;

    record Trajectory(double onsetFraction, double[] deciles) {
    }

    static Trajectory ims;

    @BeforeAll
    static void readIms() throws IOException {
        String datasets = System.getProperty("prognos.datasets");
        if (datasets == null) {
            throw new IllegalStateException("system property prognos.datasets is not set: run the tests through Maven "
                    + "(./mvnw -pl simulators test), which sets it to <repository>/../shared/datasets");
        }
        Path csv = Path.of(datasets, "ims-bearing", "2nd_test_resample_10minutes.csv");
        List<String> lines = Files.readAllLines(csv);
        DateTimeFormatter format = DateTimeFormatter.ofPattern("yyyy.MM.dd.HH.mm.ss");
        List<double[]> rows = new ArrayList<>(); // hours since start, bearing 1
        long t0 = -1;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            long t = LocalDateTime.parse(f[1], format).toEpochSecond(ZoneOffset.UTC);
            t0 = t0 < 0 ? t : t0;
            rows.add(new double[] {(t - t0) / 3600.0, Double.parseDouble(f[2])});
        }
        // The last two snapshots are after the failure (the sensor reads ~0): the run ends at the failure.
        rows = rows.subList(0, rows.size() - 2);
        ims = reduce(rows.stream().mapToDouble(r -> r[0]).toArray(), rows.stream().mapToDouble(r -> r[1]).toArray());
    }

    /**
     * Onset: the first point of the smoothed trace (running median of 6) above the healthy level + 3σ
     * (level and σ of the first third) after which at least 90 % of the points stay above it.
     */
    static Trajectory reduce(double[] t, double[] v) {
        int n = v.length;
        double[] firstThird = Arrays.copyOf(v, n / 3);
        double base = median(firstThird);
        double mean = Arrays.stream(firstThird).average().orElseThrow();
        double sd = Math.sqrt(Arrays.stream(firstThird).map(x -> (x - mean) * (x - mean)).average().orElseThrow());
        double[] smooth = new double[n];
        for (int i = 0; i < n; i++) {
            smooth[i] = median(Arrays.copyOfRange(v, Math.max(0, i - 5), i + 1));
        }
        int onset = -1;
        for (int i = 0; i < n && onset < 0; i++) {
            if (smooth[i] > base + 3 * sd) {
                int above = 0;
                for (int j = i; j < n; j++) {
                    above += smooth[j] > base + 3 * sd ? 1 : 0;
                }
                if (above >= 0.9 * (n - i)) {
                    onset = i;
                }
            }
        }
        double end = median(Arrays.copyOfRange(v, n - 3, n));
        double[] sum = new double[10];
        int[] count = new int[10];
        for (int i = onset; i < n; i++) {
            double u = (t[i] - t[onset]) / (t[n - 1] - t[onset]);
            int decile = Math.min(9, (int) (u * 10));
            sum[decile] += Math.log(v[i] / base) / Math.log(end / base);
            count[decile]++;
        }
        double[] deciles = new double[10];
        for (int d = 0; d < 10; d++) {
            deciles[d] = sum[d] / count[d];
        }
        return new Trajectory(t[onset] / t[n - 1], deciles);
    }

    /** The same normalisation of a simulated unit's noise-free bearing vibration, 200 points per tenth. */
    static double[] simulatedDeciles(SimulatedMachine m) {
        GroundTruth g = m.groundTruth();
        double base = m.bearingRmsMmS(g.onsetMillis());
        double end = m.bearingRmsMmS(g.failureMillis());
        double[] deciles = new double[10];
        for (int d = 0; d < 10; d++) {
            double sum = 0;
            for (int k = 0; k < 200; k++) {
                double u = (d + (k + 0.5) / 200) / 10;
                long ts = g.onsetMillis() + Math.round(u * (g.failureMillis() - g.onsetMillis()));
                sum += Math.log(m.bearingRmsMmS(ts) / base) / Math.log(end / base);
            }
            deciles[d] = sum / 200;
        }
        return deciles;
    }

    @Test
    void shouldStartDegradingWithinTheSimulatorsOnsetRangeAsTheImsBearingDid() {
        System.out.printf("IMS test 2 bearing 1: onset at %.3f of life; normalised log amplitude per tenth of the degradation: %s%n",
                ims.onsetFraction(), format(ims.deciles()));
        assertThat(ims.onsetFraction()).isBetween(SimulatedMachine.ONSET_FRACTION_MIN, SimulatedMachine.ONSET_FRACTION_MAX);
    }

    @Test
    void shouldFollowTheImsTrajectoryOnAverageOverAFleet() {
        double[] mean = new double[10];
        int units = 300;
        for (int i = 0; i < units; i++) {
            SimulatedMachine m = SimulatedMachine.create("pump-" + i, SimulatedMachine.mix(7, i), 0, Duration.ofDays(30));
            double[] d = simulatedDeciles(m);
            for (int k = 0; k < 10; k++) {
                mean[k] += d[k] / units;
            }
        }
        double max = 0;
        double squares = 0;
        for (int k = 0; k < 10; k++) {
            double diff = Math.abs(mean[k] - ims.deciles()[k]);
            max = Math.max(max, diff);
            squares += diff * diff;
        }
        double rms = Math.sqrt(squares / 10);
        System.out.printf("Simulated fleet (%d units):                 %s; max difference %.3f, RMS %.3f%n",
                units, format(mean), max, rms);
        assertThat(max).as("largest difference per tenth").isLessThanOrEqualTo(MAX_DECILE_DIFFERENCE);
        assertThat(rms).as("RMS difference").isLessThanOrEqualTo(MAX_RMS_DIFFERENCE);
    }

    @Test
    void shouldStayFlatThenAccelerateLikeTheImsBearing() {
        // The shape that matters for detection: slow early growth, most of the rise in the last tenth.
        assertThat(ims.deciles()[9] - ims.deciles()[8]).isGreaterThan(0.2);
        SimulatedMachine m = SimulatedMachine.create("pump-1", 3, 0, Duration.ofDays(30));
        double[] sim = simulatedDeciles(m);
        assertThat(sim[0]).isLessThan(0.1);
        assertThat(sim[9] - sim[8]).isGreaterThan(0.15);
        assertThat(m.damage(m.groundTruth().onsetMillis() - 1)).isZero();
    }

    static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    static String format(double[] x) {
        StringBuilder b = new StringBuilder();
        for (double v : x) {
            b.append(String.format("%.3f ", v));
        }
        return b.toString().trim();
    }
}
