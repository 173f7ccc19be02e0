package dev.prognos.simulators;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A motor-driven centrifugal pump whose rolling-element bearing wears out. Pure and deterministic:
 * every parameter comes from the seed, and {@link #sample} is a function of event time alone (its
 * noise is drawn from a generator seeded by seed and time), so the same seed and time give the
 * same readings in any order.
 *
 * <p>The model, with {@code x} the degradation progress (0 until the onset, rising linearly to 1 at
 * failure, staying 1 after):
 * <ul>
 *   <li>vibration RMS velocity (mm/s) {@code = base · (fail/base)^x}: exponential growth from a
 *       healthy 1.0–1.8 mm/s to 11–14 mm/s at failure, crossing the ISO 10816-3 zone D limit of
 *       7.1 mm/s in the last fifth or so of the degradation; ±4 % noise;</li>
 *   <li>peak velocity (mm/s) = RMS × crest factor, the crest rising from ~1.5 as impacts appear;</li>
 *   <li>kurtosis {@code = 3 + 7·x²}: Gaussian (3) while healthy, impulsive near failure;</li>
 *   <li>bearing temperature (°C) from 42–48 towards 80–88, lagging the vibration ({@code x²});</li>
 *   <li>motor current (A) 3.0–3.4, up to 6 % higher as friction grows.</li>
 * </ul>
 * A failed pump stays failed: after its failure time the readings hold their failure level (with
 * noise). Repair and a second life are a later issue; until then one run is one life per device,
 * so the ground truth written at start stays complete.
 */
public final class SimulatedMachine implements Machine {

    public static final String ASSET_TYPE = "centrifugal-pump";
    public static final String FAULT_BEARING_WEAR = "bearing-wear";

    public static final String VIB_RMS_MM_S = "vib_rms_mm_s";
    public static final String VIB_PEAK_MM_S = "vib_peak_mm_s";
    public static final String VIB_KURTOSIS = "vib_kurtosis";
    public static final String BEARING_TEMP_C = "bearing_temp_c";
    public static final String MOTOR_CURRENT_A = "motor_current_a";

    /** ISO 10816-3 zone C/D boundary (mm/s RMS): vibration that damages the machine. */
    public static final double ISO_ZONE_D_MM_S = 7.1;

    /** The degradation starts between these fractions of the lifetime (start to failure). */
    static final double ONSET_FRACTION_MIN = 0.3;
    static final double ONSET_FRACTION_MAX = 0.6;
    /** Relative noise (one sigma) of the vibration readings; noise is clipped at three sigma. */
    static final double VIB_NOISE = 0.04;
    static final double NOISE_CLIP_SIGMA = 3.0;

    private final String device;
    private final long seed;
    private final GroundTruth truth;
    private final double baseRmsMmS;
    private final double failRmsMmS;
    private final double baseTempC;
    private final double failTempC;
    private final double baseCurrentA;

    private SimulatedMachine(String device, long seed, long onsetMillis, long failureMillis) {
        this.device = device;
        this.seed = seed;
        SplittableRandom params = new SplittableRandom(seed);
        this.baseRmsMmS = uniform(params, 1.0, 1.8);
        this.failRmsMmS = uniform(params, 11.0, 14.0);
        this.baseTempC = uniform(params, 42.0, 48.0);
        this.failTempC = uniform(params, 80.0, 88.0);
        this.baseCurrentA = uniform(params, 3.0, 3.4);
        this.truth = new GroundTruth(device, FAULT_BEARING_WEAR, onsetMillis, failureMillis);
    }

    /**
     * A pump that starts its life at {@code startMillis} and fails {@code lifetime} later; the
     * degradation onset and every level come from {@code seed}.
     *
     * @param startMillis start of life, epoch milliseconds (the fleet's start)
     * @param lifetime    time from start to failure; at least 1 s
     */
    public static SimulatedMachine create(String device, long seed, long startMillis, Duration lifetime) {
        Objects.requireNonNull(device, "device");
        if (lifetime.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("lifetime must be at least 1 s, got " + lifetime);
        }
        // A generator of its own for the onset, so the levels do not depend on the lifetime.
        double onsetFraction = uniform(new SplittableRandom(seed ^ 0x6F6E736574L), ONSET_FRACTION_MIN, ONSET_FRACTION_MAX);
        long lifeMillis = lifetime.toMillis();
        long onset = startMillis + Math.round(lifeMillis * onsetFraction);
        return new SimulatedMachine(device, seed, onset, startMillis + lifeMillis);
    }

    @Override
    public String assetType() {
        return ASSET_TYPE;
    }

    @Override
    public GroundTruth groundTruth() {
        return truth;
    }

    public String device() {
        return device;
    }

    /** Degradation progress at that time: 0 while healthy, 1 at and after failure. */
    public double progress(long tsMillis) {
        if (tsMillis <= truth.onsetMillis()) {
            return 0.0;
        }
        if (tsMillis >= truth.failureMillis()) {
            return 1.0;
        }
        return (double) (tsMillis - truth.onsetMillis()) / (truth.failureMillis() - truth.onsetMillis());
    }

    /** RMS velocity (mm/s) without noise: what the noisy reading scatters around. */
    public double expectedRmsMmS(long tsMillis) {
        return baseRmsMmS * Math.pow(failRmsMmS / baseRmsMmS, progress(tsMillis));
    }

    @Override
    public Map<String, Double> sample(long tsMillis) {
        double x = progress(tsMillis);
        SplittableRandom noise = new SplittableRandom(mix(seed, tsMillis));
        double rms = expectedRmsMmS(tsMillis) * (1 + VIB_NOISE * gaussian(noise));
        double crest = (1.5 + 1.7 * x * x) * (1 + 0.03 * gaussian(noise));
        double kurtosis = (3.0 + 7.0 * x * x) * (1 + 0.03 * gaussian(noise));
        double tempC = baseTempC + (failTempC - baseTempC) * x * x + 0.3 * gaussian(noise);
        double currentA = baseCurrentA * (1 + 0.06 * x) * (1 + 0.01 * gaussian(noise));

        Map<String, Double> readings = new LinkedHashMap<>();
        readings.put(VIB_RMS_MM_S, round(rms, 3));
        readings.put(VIB_PEAK_MM_S, round(rms * crest, 3));
        readings.put(VIB_KURTOSIS, round(kurtosis, 3));
        readings.put(BEARING_TEMP_C, round(tempC, 2));
        readings.put(MOTOR_CURRENT_A, round(currentA, 3));
        return readings;
    }

    @Override
    public String toString() {
        return "SimulatedMachine[" + device + ", onset " + truth.onsetMillis() + " ms, failure " + truth.failureMillis() + " ms]";
    }

    private static double uniform(SplittableRandom r, double from, double to) {
        return from + (to - from) * r.nextDouble();
    }

    private static double gaussian(SplittableRandom r) {
        return Math.max(-NOISE_CLIP_SIGMA, Math.min(NOISE_CLIP_SIGMA, r.nextGaussian()));
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }

    /** SplitMix64 finaliser over seed and time: neighbouring times get unrelated noise. */
    static long mix(long seed, long tsMillis) {
        long z = seed + 0x9E3779B97F4A7C15L * (tsMillis + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
