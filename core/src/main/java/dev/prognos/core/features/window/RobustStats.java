package dev.prognos.core.features.window;

import java.util.Arrays;

/**
 * Robust centre and spread: the median and the median absolute deviation (MAD). A few outliers in
 * a warm-up (a start-up transient, a knock on the sensor) move neither, where they would drag a
 * mean and inflate a standard deviation.
 */
public final class RobustStats {

    /**
     * MAD × this estimates the standard deviation of normally distributed data
     * (1 / Φ⁻¹(3/4) ≈ 1.4826), so z-scores built on it read like ordinary ones.
     */
    public static final double MAD_TO_SIGMA = 1.4826;

    private RobustStats() {
    }

    /** Median of the finite values; NaN when there are none. The input is not modified. */
    public static double median(double[] values) {
        double[] sorted = finiteSorted(values);
        return medianOfSorted(sorted);
    }

    /** Median absolute deviation from the median, unscaled; NaN when there are no finite values. */
    public static double mad(double[] values) {
        double[] sorted = finiteSorted(values);
        double median = medianOfSorted(sorted);
        double[] deviations = new double[sorted.length];
        for (int i = 0; i < sorted.length; i++) {
            deviations[i] = Math.abs(sorted[i] - median);
        }
        Arrays.sort(deviations);
        return medianOfSorted(deviations);
    }

    /**
     * z-score of {@code value} against a robust centre and spread:
     * (value − median) / (MAD × {@value #MAD_TO_SIGMA}), with the scaled spread never below
     * {@code minSigma} (a perfectly steady warm-up has MAD 0, which would make every later wobble
     * infinitely significant).
     *
     * @param minSigma smallest spread to divide by, in the reading's unit; above 0
     */
    public static double z(double value, double median, double mad, double minSigma) {
        if (!(minSigma > 0)) {
            throw new IllegalArgumentException("minSigma must be above 0, got " + minSigma);
        }
        double sigma = Math.max(mad * MAD_TO_SIGMA, minSigma);
        return (value - median) / sigma;
    }

    private static double[] finiteSorted(double[] values) {
        double[] finite = Arrays.stream(values).filter(Double::isFinite).toArray();
        Arrays.sort(finite);
        return finite;
    }

    private static double medianOfSorted(double[] sorted) {
        int n = sorted.length;
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
