package dev.prognos.core.features.window;

/**
 * One-pass statistics of a reading over a window: count, mean, variance, minimum, maximum, and
 * the least-squares slope of the value over time.
 *
 * <p>Numerically stable: mean and variance use Welford's update, and the slope uses the same
 * update for the time-value co-moment, so no sum of squares of large numbers is ever formed.
 * Times are taken relative to the first sample's time (in seconds), so epoch milliseconds lose no
 * precision either. Add order does not matter beyond rounding.
 *
 * <p>Mutable, not thread-safe. A Flink-friendly POJO: public no-argument constructor, getters and
 * setters for every field (state backends serialize it without Kryo).
 */
public final class RunningStats {

    private long count;
    private double mean;
    /** Sum of squared deviations from the mean (Welford's M2), in unit². */
    private double m2;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    /** Time of the first sample, epoch ms: times are measured from here. */
    private long originMs;
    /** Mean of the sample times, seconds from {@link #originMs}. */
    private double meanT;
    /** Sum of squared time deviations, s². */
    private double m2T;
    /** Co-moment: sum of (t - meanT)(x - mean), unit·s. */
    private double cTX;

    public RunningStats() {
    }

    /**
     * Adds one sample. NaN and infinite values are ignored (a device that did not send the
     * reading, or a broken sensor, must not poison the window).
     *
     * @param tsMs  event time of the sample, epoch ms
     * @param value the reading, in its unit
     * @return this
     */
    public RunningStats add(long tsMs, double value) {
        if (!Double.isFinite(value)) {
            return this;
        }
        if (count == 0) {
            originMs = tsMs;
        }
        double t = (tsMs - originMs) / 1000.0;
        count++;
        double dx = value - mean;
        double dt = t - meanT;
        mean += dx / count;
        meanT += dt / count;
        // Welford: the old deviation times the new one.
        m2 += dx * (value - mean);
        m2T += dt * (t - meanT);
        cTX += dt * (value - mean);
        if (value < min) {
            min = value;
        }
        if (value > max) {
            max = value;
        }
        return this;
    }

    /** The finished figures; a window without samples gives {@link WindowFeatures#EMPTY}. */
    public WindowFeatures features() {
        if (count == 0) {
            return WindowFeatures.EMPTY;
        }
        double variance = count > 1 ? Math.max(0, m2 / (count - 1)) : 0;
        // Samples all at one instant have no trend: slope 0 rather than NaN.
        double slope = m2T > 0 ? cTX / m2T : 0;
        return new WindowFeatures(count, mean, Math.sqrt(variance), min, max, slope);
    }

    public long getCount() {
        return count;
    }

    public void setCount(long count) {
        this.count = count;
    }

    public double getMean() {
        return mean;
    }

    public void setMean(double mean) {
        this.mean = mean;
    }

    public double getM2() {
        return m2;
    }

    public void setM2(double m2) {
        this.m2 = m2;
    }

    public double getMin() {
        return min;
    }

    public void setMin(double min) {
        this.min = min;
    }

    public double getMax() {
        return max;
    }

    public void setMax(double max) {
        this.max = max;
    }

    public long getOriginMs() {
        return originMs;
    }

    public void setOriginMs(long originMs) {
        this.originMs = originMs;
    }

    public double getMeanT() {
        return meanT;
    }

    public void setMeanT(double meanT) {
        this.meanT = meanT;
    }

    public double getM2T() {
        return m2T;
    }

    public void setM2T(double m2T) {
        this.m2T = m2T;
    }

    public double getCTX() {
        return cTX;
    }

    public void setCTX(double cTX) {
        this.cTX = cTX;
    }
}
