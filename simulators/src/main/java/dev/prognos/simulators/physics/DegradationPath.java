package dev.prognos.simulators.physics;

import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.random.Well19937c;

/**
 * One unit's random bearing-damage trajectory from onset (u = 0) to failure (u = 1): a gamma
 * process, the usual model of monotone wear (van Noortwijk, "A survey of the application of gamma
 * processes in maintenance", 2009), pinned to 0 at onset and 1 at failure (a gamma bridge: the
 * increments, normalised by their sum, are Dirichlet). Damage never decreases; it grows in random
 * spurts and pauses like the IMS bearings do, and still reaches exactly 1 at the ground-truth
 * failure time.
 *
 * <p>The mean path is {@code g(u) = a·u + (1 − a)·u^q}: a gradual phase (the defect grows, a
 * share {@code a} of the final log-amplitude) and then the accelerating final phase. Fitted on
 * IMS test 2 bearing 1: a = 0.47, q = 21 (simulators/README.md, "Calibration"). The spread around
 * the mean is set by the concentration {@code c}: Var D(u) = g(u)(1 − g(u)) / (c + 1).
 *
 * <p>Pure: the same seed gives the same path.
 */
public final class DegradationPath {

    /** Grid points between onset and failure; the path is linear between them. */
    static final int STEPS = 256;

    private final double linearShare;
    private final double exponent;
    private final double[] cumulative; // STEPS + 1 values, 0 .. 1, non-decreasing

    private DegradationPath(double linearShare, double exponent, double[] cumulative) {
        this.linearShare = linearShare;
        this.exponent = exponent;
        this.cumulative = cumulative;
    }

    /**
     * @param linearShare   a, 0..1: share of the damage that grows gradually
     * @param exponent      q ≥ 1: how sharply the final phase accelerates
     * @param concentration c > 0: larger means closer to the mean path
     */
    public static DegradationPath sample(long seed, double linearShare, double exponent, double concentration) {
        if (!(linearShare >= 0 && linearShare <= 1) || !(exponent >= 1) || !(concentration > 0)) {
            throw new IllegalArgumentException("need 0 <= a <= 1, q >= 1, c > 0; got a=" + linearShare + " q=" + exponent
                    + " c=" + concentration);
        }
        Well19937c random = new Well19937c(seed);
        double[] increments = new double[STEPS];
        double total = 0;
        double previous = 0;
        for (int k = 1; k <= STEPS; k++) {
            double g = mean(linearShare, exponent, (double) k / STEPS);
            double shape = concentration * (g - previous);
            previous = g;
            // Shapes of the last steps dominate when q is large; tiny shapes give (correctly) near-zero increments.
            increments[k - 1] = shape < 1e-12 ? 0 : new GammaDistribution(random, shape, 1.0).sample();
            total += increments[k - 1];
        }
        double[] cumulative = new double[STEPS + 1];
        double sum = 0;
        for (int k = 1; k <= STEPS; k++) {
            sum += increments[k - 1];
            cumulative[k] = total > 0 ? sum / total : (double) k / STEPS;
        }
        cumulative[STEPS] = 1.0;
        return new DegradationPath(linearShare, exponent, cumulative);
    }

    /** The mean path g(u) = a·u + (1 − a)·u^q. */
    public static double mean(double linearShare, double exponent, double u) {
        double x = Math.max(0, Math.min(1, u));
        return linearShare * x + (1 - linearShare) * Math.pow(x, exponent);
    }

    /** Damage at degradation progress u (0 at onset, 1 at failure; clamped outside). */
    public double at(double u) {
        if (u <= 0) {
            return 0;
        }
        if (u >= 1) {
            return 1;
        }
        double pos = u * STEPS;
        int k = (int) pos;
        double frac = pos - k;
        return cumulative[k] + (cumulative[k + 1] - cumulative[k]) * frac;
    }

    public double linearShare() {
        return linearShare;
    }

    public double exponent() {
        return exponent;
    }
}
