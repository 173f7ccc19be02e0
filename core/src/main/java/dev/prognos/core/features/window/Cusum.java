package dev.prognos.core.features.window;

/**
 * Two-sided tabular CUSUM (Page 1954; Montgomery, Introduction to Statistical Quality Control,
 * §9.1) on standardised values: {@code high = max(0, high + z − k)} and
 * {@code low = max(0, low − z − k)}. A sustained shift of the mean by about 2k standard deviations
 * makes one of them grow until it reaches the decision interval h, while noise keeps both near 0.
 * Small persistent drifts, which no single z-score reveals, are what it is for.
 *
 * <p>Mutable, not thread-safe; a Flink-friendly POJO (no-argument constructor, getters and setters).
 */
public final class Cusum {

    /** Upper sum, in standard deviations. */
    private double high;
    /** Lower sum, in standard deviations. */
    private double low;

    public Cusum() {
    }

    /**
     * Adds one z-score; NaN is ignored.
     *
     * @param z the value's z-score against the baseline
     * @param k allowance (slack) per step, in standard deviations; usually half the shift to detect
     * @return this
     */
    public Cusum add(double z, double k) {
        if (Double.isNaN(z)) {
            return this;
        }
        high = Math.max(0, high + z - k);
        low = Math.max(0, low - z - k);
        return this;
    }

    /** The larger of the two sums: compare it with the decision interval h. */
    public double statistic() {
        return Math.max(high, low);
    }

    /** Starts both sums again from 0 (after a confirmed change, or a new baseline). */
    public void reset() {
        high = 0;
        low = 0;
    }

    public double getHigh() {
        return high;
    }

    public void setHigh(double high) {
        this.high = high;
    }

    public double getLow() {
        return low;
    }

    public void setLow(double low) {
        this.low = low;
    }
}
