package dev.prognos.core.model;

import java.util.List;

/**
 * Evaluates an artifact's outputs on a feature vector, fast: every tree of every output is
 * flattened into shared primitive arrays at construction, and a prediction walks them without
 * allocating. Immutable and thread-safe.
 */
public final class ModelRuntime {

    private static final int TREES = 0;
    private static final int LINEAR = 1;

    private final int featureCount;
    private final List<String> outputNames;
    // Per output.
    private final int[] kind;
    private final int[] transform;
    private final double[] init;
    private final boolean[] mean;
    private final int[] firstTree;
    private final int[] treeCount;
    private final double[][] coefficients;
    // Per tree, all outputs: root node index and weight.
    private final int[] roots;
    private final double[] treeWeight;
    // Per node, all trees.
    private final int[] feature;
    private final double[] threshold;
    private final int[] left;
    private final int[] right;
    private final double[] value;

    private ModelRuntime(ModelArtifact a) {
        featureCount = a.featureSpec().featureCount();
        outputNames = a.outputs().stream().map(ModelOutput::name).toList();
        int outs = a.outputs().size();
        kind = new int[outs];
        transform = new int[outs];
        init = new double[outs];
        mean = new boolean[outs];
        firstTree = new int[outs];
        treeCount = new int[outs];
        coefficients = new double[outs][];
        int trees = 0;
        int nodes = 0;
        for (ModelOutput o : a.outputs()) {
            if (o.model().trees() != null) {
                trees += o.model().trees().size();
                for (Tree t : o.model().trees()) {
                    nodes += t.size();
                }
            }
        }
        roots = new int[trees];
        treeWeight = new double[trees];
        feature = new int[nodes];
        threshold = new double[nodes];
        left = new int[nodes];
        right = new int[nodes];
        value = new double[nodes];
        int t = 0;
        int n = 0;
        for (int o = 0; o < outs; o++) {
            ModelOutput out = a.outputs().get(o);
            ModelBody m = out.model();
            transform[o] = switch (out.transform()) {
                case ModelOutput.LOGISTIC -> 1;
                case ModelOutput.LOGISTIC2 -> 2;
                default -> 0;
            };
            if (ModelBody.LINEAR.equals(m.type())) {
                kind[o] = LINEAR;
                if (m.coefficients().length != featureCount) {
                    throw new IllegalArgumentException("output " + out.name() + ": " + m.coefficients().length
                            + " coefficients for " + featureCount + " features");
                }
                coefficients[o] = m.coefficients().clone();
                init[o] = m.intercept();
                continue;
            }
            kind[o] = TREES;
            init[o] = m.init();
            mean[o] = ModelBody.MEAN.equals(m.aggregation());
            firstTree[o] = t;
            treeCount[o] = m.trees().size();
            for (int k = 0; k < m.trees().size(); k++) {
                Tree tree = m.trees().get(k);
                roots[t] = n;
                treeWeight[t] = mean[o] ? 1 : m.weights()[k];
                for (int i = 0; i < tree.size(); i++) {
                    int f = tree.feature()[i];
                    if (f >= featureCount) {
                        throw new IllegalArgumentException("output " + out.name() + ", tree " + k + ", node " + i
                                + ": splits on feature " + f + ", the spec has " + featureCount);
                    }
                    feature[n + i] = f < 0 ? -1 : f;
                    threshold[n + i] = tree.threshold()[i];
                    left[n + i] = n + tree.left()[i];
                    right[n + i] = n + tree.right()[i];
                    value[n + i] = tree.value()[i];
                }
                n += tree.size();
                t++;
            }
        }
    }

    /**
     * Compiles the artifact.
     *
     * @throws IllegalArgumentException when a tree splits on a feature the spec does not have, or a
     *                                  linear model's coefficients do not match the feature count
     */
    public static ModelRuntime of(ModelArtifact artifact) {
        return new ModelRuntime(artifact);
    }

    /** Length of the feature vector {@link #predict} expects. */
    public int featureCount() {
        return featureCount;
    }

    public List<String> outputNames() {
        return outputNames;
    }

    /** Index of the named output, or -1. */
    public int outputIndex(String name) {
        return outputNames.indexOf(name);
    }

    /**
     * Output {@code output} for the feature vector {@code x} (laid out as {@link FeatureSpec#featureNames()}).
     * No allocation.
     */
    public double predict(int output, double[] x) {
        if (x.length != featureCount) {
            throw new IllegalArgumentException("feature vector of length " + x.length + ", the model needs " + featureCount);
        }
        double s;
        if (kind[output] == LINEAR) {
            double[] c = coefficients[output];
            s = init[output];
            for (int i = 0; i < c.length; i++) {
                s += c[i] * x[i];
            }
        } else {
            double sum = 0;
            int end = firstTree[output] + treeCount[output];
            for (int t = firstTree[output]; t < end; t++) {
                int n = roots[t];
                int f;
                while ((f = feature[n]) >= 0) {
                    n = x[f] <= threshold[n] ? left[n] : right[n];
                }
                sum += treeWeight[t] * value[n];
            }
            s = init[output] + (mean[output] ? sum / treeCount[output] : sum);
        }
        return switch (transform[output]) {
            case 1 -> 1 / (1 + Math.exp(-s));
            case 2 -> 1 / (1 + Math.exp(-2 * s));
            default -> s;
        };
    }

    /** Every output, in order, into {@code out}. */
    public void predictAll(double[] x, double[] out) {
        for (int o = 0; o < outputNames.size(); o++) {
            out[o] = predict(o, x);
        }
    }
}
