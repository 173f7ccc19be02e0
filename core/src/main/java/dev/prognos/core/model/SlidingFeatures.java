package dev.prognos.core.model;

import dev.prognos.core.features.window.RunningStats;
import dev.prognos.core.features.window.WindowFeatures;
import java.util.Arrays;

/**
 * The feature vector of a {@link FeatureSpec}, for one unit (device, engine), fed its samples in
 * time order: each sample's inputs are normalised for its operating condition
 * ({@link Preprocessing}), and each window's statistics are computed with core's
 * {@link RunningStats} over the last N normalised values. The trainer (Spark, per unit), the
 * stream and the edge all use this class, so a model sees the same numbers everywhere.
 *
 * <p>A window that has seen fewer samples than its length uses those it has. Non-finite readings
 * are skipped by the statistics; a window without any gives NaN, which trees send right.
 *
 * <p>Two statistics carry state over the whole life rather than the last N samples:
 * {@code ewm}, the exponentially weighted mean with span N (weight α = 2 / (N + 1) on the newest
 * value, the first finite value as the start), and {@code delta}, the mean of the last N values
 * minus the mean of the life's first N values (the unit's own baseline: engines and pumps start
 * with different offsets, and wear is the drift from it).
 * Mutable, one instance per unit, not thread-safe.
 */
public final class SlidingFeatures {

    private final FeatureSpec spec;
    private final Preprocessing pre;
    private final int inputs;
    private final int capacity;
    /** Windows sorted ascending, and each one's slot among the spec's windows. */
    private final int[] sortedWindows;
    private final int[] windowSlot;
    private final int[] statKind;
    private final double[][] ring;
    private final long[] times;
    private final double[] normalised;
    private final double[] out;
    /** Per input, per window (spec order): exponentially weighted mean, and the baseline sums. */
    private final double[][] ewm;
    private final double[][] baseSum;
    private final int[][] baseCount;
    private final double[] alpha;
    private final int[] windowLength;
    private long seen;

    public SlidingFeatures(FeatureSpec spec, Preprocessing pre) {
        this.spec = spec;
        this.pre = pre;
        this.inputs = spec.inputs().size();
        this.capacity = spec.maxWindow();
        int nw = spec.windows().size();
        Integer[] order = new Integer[nw];
        for (int i = 0; i < nw; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Integer.compare(spec.windows().get(a), spec.windows().get(b)));
        sortedWindows = new int[nw];
        windowSlot = new int[nw];
        for (int i = 0; i < nw; i++) {
            windowSlot[i] = order[i];
            sortedWindows[i] = spec.windows().get(order[i]);
        }
        statKind = spec.statistics().stream().mapToInt(s -> switch (s) {
            case "mean" -> 0;
            case "std" -> 1;
            case "slope" -> 2;
            case "min" -> 3;
            case "max" -> 4;
            case "ewm" -> 5;
            case "delta" -> 6;
            default -> throw new IllegalArgumentException("unknown statistic " + s);
        }).toArray();
        ring = new double[inputs][capacity];
        ewm = new double[inputs][nw];
        baseSum = new double[inputs][nw];
        baseCount = new int[inputs][nw];
        alpha = new double[nw];
        windowLength = new int[nw];
        for (int w = 0; w < nw; w++) {
            windowLength[w] = spec.windows().get(w);
            alpha[w] = 2.0 / (windowLength[w] + 1);
        }
        clearLifeState();
        times = new long[capacity];
        normalised = new double[inputs];
        out = new double[spec.featureCount()];
    }

    /**
     * Adds one sample and returns the feature vector after it. The returned array is reused by the
     * next call: copy it to keep it.
     *
     * @param tsMs     event time, epoch ms (slopes are per second of it)
     * @param settings operating settings, in {@link FeatureSpec#settings()} order
     * @param raw      readings, in {@link FeatureSpec#inputs()} order, in their units
     */
    public double[] next(long tsMs, double[] settings, double[] raw) {
        int c = pre.condition(settings);
        pre.normalise(c, raw, normalised);
        int slot = (int) (seen % capacity);
        times[slot] = tsMs;
        for (int i = 0; i < inputs; i++) {
            double x = normalised[i];
            ring[i][slot] = x;
            if (Double.isFinite(x)) {
                for (int w = 0; w < alpha.length; w++) {
                    ewm[i][w] = Double.isNaN(ewm[i][w]) ? x : ewm[i][w] + alpha[w] * (x - ewm[i][w]);
                    if (seen < windowLength[w]) {
                        baseSum[i][w] += x;
                        baseCount[i][w]++;
                    }
                }
            }
        }
        seen++;
        int available = (int) Math.min(seen, capacity);
        int nw = sortedWindows.length;
        int ns = statKind.length;
        for (int i = 0; i < inputs; i++) {
            RunningStats rs = new RunningStats();
            int w = 0;
            // Newest first: each window is a prefix of the next longer one.
            for (int k = 0; k < available && w < nw; k++) {
                int s = (int) ((seen - 1 - k) % capacity);
                rs.add(times[s], ring[i][s]);
                while (w < nw && sortedWindows[w] == k + 1) {
                    put(i, windowSlot[w], rs.features(), ns);
                    w++;
                }
            }
            if (w < nw) {
                WindowFeatures f = rs.features();
                for (; w < nw; w++) {
                    put(i, windowSlot[w], f, ns);
                }
            }
        }
        int base = inputs * nw * ns;
        for (int e = 0; e < spec.extras().size(); e++) {
            // The only extra so far is age, in samples.
            out[base + e] = seen;
        }
        return out;
    }

    private void put(int input, int windowIndex, WindowFeatures f, int ns) {
        int base = (input * sortedWindows.length + windowIndex) * ns;
        for (int s = 0; s < ns; s++) {
            out[base + s] = switch (statKind[s]) {
                case 0 -> f.mean();
                case 1 -> f.std();
                case 2 -> f.slope();
                case 3 -> f.min();
                case 4 -> f.max();
                case 5 -> ewm[input][windowIndex];
                default -> baseCount[input][windowIndex] == 0 ? Double.NaN
                        : f.mean() - baseSum[input][windowIndex] / baseCount[input][windowIndex];
            };
        }
    }

    /** Samples seen since construction or {@link #reset()}. */
    public long seen() {
        return seen;
    }

    /** Forgets every sample (after maintenance: a new life starts). */
    public void reset() {
        seen = 0;
        clearLifeState();
    }

    private void clearLifeState() {
        for (int i = 0; i < inputs; i++) {
            Arrays.fill(ewm[i], Double.NaN);
            Arrays.fill(baseSum[i], 0);
            Arrays.fill(baseCount[i], 0);
        }
    }
}
