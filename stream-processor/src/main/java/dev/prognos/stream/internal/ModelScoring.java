package dev.prognos.stream.internal;

import dev.prognos.core.features.window.WindowFeatures;
import dev.prognos.core.model.FeatureSpec;
import dev.prognos.core.model.ModelArtifact;
import dev.prognos.core.model.SlidingFeatures;
import java.util.Arrays;
import java.util.Map;

/**
 * The model's samples in the stream, and its feature vector from them with core's
 * {@link SlidingFeatures}. A sample is one on-time window of a device: each reading's window mean,
 * at the window's end. The feature vector of the newest sample is rebuilt from the kept samples at
 * each window (a few hundred additions), so nothing but plain numbers lives in state and a new
 * model (other inputs, other windows) is scored from the history the device already has.
 */
public final class ModelScoring {

    private ModelScoring() {
    }

    /** Adds the window's means to the history, dropping the oldest beyond {@code capacity} windows. */
    public static void append(ModelHistory h, long windowEnd, Map<String, WindowFeatures> features, int capacity) {
        int old = h.ends.length;
        int keep = Math.min(old, capacity - 1);
        int from = old - keep;
        h.ends = grow(h.ends, from, keep, windowEnd);
        for (String reading : features.keySet()) {
            if (!h.means.containsKey(reading)) {
                double[] none = new double[old];
                Arrays.fill(none, Double.NaN);
                h.means.put(reading, none);
            }
        }
        for (Map.Entry<String, double[]> e : h.means.entrySet()) {
            WindowFeatures f = features.get(e.getKey());
            double mean = f == null || f.isEmpty() ? Double.NaN : f.mean();
            e.setValue(grow(e.getValue(), from, keep, mean));
        }
        h.seen++;
    }

    /**
     * The artifact's feature vector after the newest sample of {@code h}: core's
     * {@link SlidingFeatures} fed every kept sample in order (settings and inputs missing from a
     * window are NaN, which the statistics skip); the {@code age} extra is every window the device
     * has had, not only the kept ones.
     *
     * @return a new array laid out as {@link FeatureSpec#featureNames()}; null when there is no sample
     */
    public static double[] features(ModelArtifact artifact, ModelHistory h) {
        int n = h.ends.length;
        if (n == 0) {
            return null;
        }
        FeatureSpec spec = artifact.featureSpec();
        SlidingFeatures sliding = new SlidingFeatures(spec, artifact.preprocessing());
        double[][] settings = columns(h, spec.settings());
        double[][] inputs = columns(h, spec.inputs());
        double[] s = new double[settings.length];
        double[] raw = new double[inputs.length];
        double[] x = null;
        // The oldest samples cannot reach the newest one's windows: start where they can.
        for (int i = Math.max(0, n - spec.maxWindow()); i < n; i++) {
            for (int k = 0; k < s.length; k++) {
                s[k] = settings[k][i];
            }
            for (int k = 0; k < raw.length; k++) {
                raw[k] = inputs[k][i];
            }
            x = sliding.next(h.ends[i], s, raw);
        }
        double[] out = x.clone();
        int base = spec.featureCount() - spec.extras().size();
        for (int e = 0; e < spec.extras().size(); e++) {
            // The only extra is age, in samples since the unit's life started.
            out[base + e] = h.seen;
        }
        return out;
    }

    private static double[][] columns(ModelHistory h, java.util.List<String> names) {
        double[][] cols = new double[names.size()][];
        for (int k = 0; k < cols.length; k++) {
            double[] c = h.means.get(names.get(k));
            if (c == null) {
                c = new double[h.ends.length];
                Arrays.fill(c, Double.NaN);
            }
            cols[k] = c;
        }
        return cols;
    }

    private static long[] grow(long[] a, int from, int keep, long last) {
        long[] b = new long[keep + 1];
        System.arraycopy(a, from, b, 0, keep);
        b[keep] = last;
        return b;
    }

    private static double[] grow(double[] a, int from, int keep, double last) {
        double[] b = new double[keep + 1];
        System.arraycopy(a, from, b, 0, keep);
        b[keep] = last;
        return b;
    }
}
