package dev.prognos.core.model;

/**
 * One regression tree as parallel arrays, node 0 the root. Node {@code n} is a leaf when
 * {@code feature[n] < 0}; its prediction is {@code value[n]}. Otherwise it sends a feature vector
 * {@code x} to {@code left[n]} when {@code x[feature[n]] <= threshold[n]} and to {@code right[n]}
 * otherwise (NaN goes right), as Spark's ContinuousSplit does. Children have higher indexes than
 * their parent, which rules out cycles. {@code value} is kept for inner nodes too (their mean),
 * for reading, and ignored in evaluation.
 */
public record Tree(int[] feature, double[] threshold, int[] left, int[] right, double[] value) {

    public Tree {
        int n = feature.length;
        if (n == 0 || threshold.length != n || left.length != n || right.length != n || value.length != n) {
            throw new IllegalArgumentException("tree: feature, threshold, left, right and value must have the same, non-zero length");
        }
        for (int i = 0; i < n; i++) {
            if (feature[i] >= 0 && (left[i] <= i || right[i] <= i || left[i] >= n || right[i] >= n)) {
                throw new IllegalArgumentException("tree: node " + i + " has children " + left[i] + "/" + right[i]
                        + ": they must lie after it and inside the tree (" + n + " nodes)");
            }
        }
    }

    public int size() {
        return feature.length;
    }

    /** Plain evaluation, for tests and reading; {@link ModelRuntime} is the fast path. */
    public double predict(double[] x) {
        int n = 0;
        while (feature[n] >= 0) {
            n = x[feature[n]] <= threshold[n] ? left[n] : right[n];
        }
        return value[n];
    }
}
