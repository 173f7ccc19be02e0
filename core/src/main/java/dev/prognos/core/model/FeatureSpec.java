package dev.prognos.core.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What a model needs as input, and how its feature vector is built from raw readings: for every
 * input (in order), for every window (in order), every statistic (in order), named
 * {@code <input>.w<window>.<statistic>}; then the extras. {@link SlidingFeatures} computes exactly
 * this vector with core's window code, wherever it runs (trainer, stream, edge).
 *
 * @param inputs     reading names the model reads, e.g. {@code "s2"} or {@code "vib_rms_mm_s"}
 * @param settings   operating-setting names used to pick the operating condition (may be empty)
 * @param windows    window lengths in samples (the last N samples, the current one included); each ≥ 1
 * @param statistics of {@code mean, std, slope, min, max, ewm, delta}; slope is per second of event time;
 *                   {@code ewm} and {@code delta} are described in {@link SlidingFeatures}
 * @param extras     of {@code age} (samples seen since the unit's life started, the current one included)
 */
public record FeatureSpec(List<String> inputs, List<String> settings, List<Integer> windows,
                          List<String> statistics, List<String> extras) {

    /** The statistics a window can give, as named in {@link #statistics}. */
    public static final Set<String> STATISTICS = Set.of("mean", "std", "slope", "min", "max", "ewm", "delta");
    /** The extras a spec can ask for. */
    public static final Set<String> EXTRAS = Set.of("age");

    public FeatureSpec {
        inputs = List.copyOf(inputs);
        settings = settings == null ? List.of() : List.copyOf(settings);
        windows = List.copyOf(windows);
        statistics = List.copyOf(statistics);
        extras = extras == null ? List.of() : List.copyOf(extras);
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("feature spec: inputs must not be empty");
        }
        for (int w : windows) {
            if (w < 1) {
                throw new IllegalArgumentException("feature spec: window lengths must be at least 1 sample, got " + w);
            }
        }
        for (String s : statistics) {
            if (!STATISTICS.contains(s)) {
                throw new IllegalArgumentException("feature spec: unknown statistic '" + s + "', expected one of " + STATISTICS);
            }
        }
        for (String e : extras) {
            if (!EXTRAS.contains(e)) {
                throw new IllegalArgumentException("feature spec: unknown extra '" + e + "', expected one of " + EXTRAS);
            }
        }
    }

    /** The names of the feature vector's slots, in order. */
    public List<String> featureNames() {
        List<String> names = new ArrayList<>(featureCount());
        for (String input : inputs) {
            for (int w : windows) {
                for (String stat : statistics) {
                    names.add(input + ".w" + w + "." + stat);
                }
            }
        }
        names.addAll(extras);
        return names;
    }

    public int featureCount() {
        return inputs.size() * windows.size() * statistics.size() + extras.size();
    }

    /** Longest window, in samples. */
    public int maxWindow() {
        return windows.stream().mapToInt(Integer::intValue).max().orElse(1);
    }

    /** SHA-256 (lower-case hex) of this spec's canonical JSON: see {@link ModelJson#canonicalBytes}. */
    public String hash() {
        return ModelJson.sha256Hex(ModelJson.canonicalBytes(ModelJson.toTree(this)));
    }
}
