package dev.prognos.core.features.window;

/**
 * The features of one reading over one window, in the reading's unit.
 *
 * @param count number of samples
 * @param mean  arithmetic mean
 * @param std   sample standard deviation (n - 1 in the denominator); 0 with fewer than 2 samples
 * @param min   smallest sample
 * @param max   largest sample
 * @param slope least-squares trend, unit per second; 0 with fewer than 2 distinct times
 */
public record WindowFeatures(long count, double mean, double std, double min, double max, double slope) {

    /** A window without samples: count 0, every figure NaN. */
    public static final WindowFeatures EMPTY =
            new WindowFeatures(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    public boolean isEmpty() {
        return count == 0;
    }
}
