package dev.prognos.core.model;

import java.util.List;

/**
 * Evaluates an artifact's outputs on a feature vector, fast: every tree of every output is
 * flattened into one shared primitive array at construction, and a prediction walks it without
 * allocating. Immutable and thread-safe.
 */
public final class ModelRuntime {

    private static final int TREES = 0;
    private static final int LINEAR = 1;
    /** Second long of a leaf; an inner node's is its feature (≥ 0) shifted left by 32, so ≥ 0. */
    private static final long LEAF = -1L;

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
    /*
     * Every node of every tree, two longs each, depth first so that an inner node's left child is
     * the next node: [2n] the threshold's bits (a leaf: its value's bits), [2n + 1] the feature in the
     * high 32 bits and the right child in the low 32 (a leaf: LEAF). Why: a large forest (100 trees
     * of depth 16, ~10^6 nodes, ~16 MB) does not fit in the caches, and a prediction is a chain of
     * ~1,600 dependent loads. Five parallel arrays cost up to four cache misses per node; this layout
     * costs one, and none when the walk goes left within the same cache line.
     */
    private final long[] nodes;

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
        int nodeCount = 0;
        for (ModelOutput o : a.outputs()) {
            if (o.model().trees() != null) {
                trees += o.model().trees().size();
                for (Tree t : o.model().trees()) {
                    nodeCount += t.size();
                }
            }
        }
        roots = new int[trees];
        treeWeight = new double[trees];
        nodes = new long[2 * nodeCount];
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
                roots[t] = n;
                treeWeight[t] = mean[o] ? 1 : m.weights()[k];
                n = layOut(m.trees().get(k), "output " + out.name() + ", tree " + k, n);
                t++;
            }
        }
    }

    /**
     * Copies {@code tree}'s nodes reachable from its root into {@link #nodes} from node {@code n} on,
     * depth first (a node, its left subtree, its right subtree), with an explicit stack rather than
     * recursion: trees may be deep. Returns the next free node.
     *
     * @throws IllegalArgumentException when a node splits on a feature the spec does not have, or has
     *                                  two parents (the layout gives each node one place)
     */
    private int layOut(Tree tree, String where, int n) {
        int size = tree.size();
        // Each pending entry: a node of the tree, and the laid-out parent whose right child it is (or -1).
        int[] pending = new int[2 * size + 2];
        boolean[] placed = new boolean[size];
        int top = 0;
        pending[top++] = 0;
        pending[top++] = -1;
        while (top > 0) {
            int rightOf = pending[--top];
            int i = pending[--top];
            if (placed[i]) {
                throw new IllegalArgumentException(where + ", node " + i + ": has two parents; each node of a tree must have one");
            }
            placed[i] = true;
            if (rightOf >= 0) {
                nodes[2 * rightOf + 1] |= n;
            }
            int f = tree.feature()[i];
            if (f < 0) {
                nodes[2 * n] = Double.doubleToRawLongBits(tree.value()[i]);
                nodes[2 * n + 1] = LEAF;
            } else {
                if (f >= featureCount) {
                    throw new IllegalArgumentException(where + ", node " + i + ": splits on feature " + f
                            + ", the spec has " + featureCount);
                }
                nodes[2 * n] = Double.doubleToRawLongBits(tree.threshold()[i]);
                nodes[2 * n + 1] = (long) f << 32;
                // The right child is pushed first so that the left one is laid out next, at n + 1.
                pending[top++] = tree.right()[i];
                pending[top++] = n;
                pending[top++] = tree.left()[i];
                pending[top++] = -1;
            }
            n++;
        }
        return n;
    }

    /**
     * Compiles the artifact.
     *
     * @throws IllegalArgumentException when a tree splits on a feature the spec does not have, a
     *                                  tree's node has two parents, or a linear model's coefficients
     *                                  do not match the feature count
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
            double sum = sumOfTrees(firstTree[output], firstTree[output] + treeCount[output], x);
            s = init[output] + (mean[output] ? sum / treeCount[output] : sum);
        }
        return switch (transform[output]) {
            case 1 -> 1 / (1 + Math.exp(-s));
            case 2 -> 1 / (1 + Math.exp(-2 * s));
            default -> s;
        };
    }

    /**
     * The weighted sum of trees {@code from} to {@code to} (exclusive) at {@code x}. Four trees are
     * walked side by side, so that the cache misses of their walks overlap instead of following one
     * another; the leaves are still added tree by tree in order, so the sum is the one of walking
     * them one at a time, bit for bit.
     */
    private double sumOfTrees(int from, int to, double[] x) {
        double sum = 0;
        int t = from;
        for (; t + 4 <= to; t += 4) {
            int a = roots[t];
            int b = roots[t + 1];
            int c = roots[t + 2];
            int d = roots[t + 3];
            long ma = nodes[2 * a + 1];
            long mb = nodes[2 * b + 1];
            long mc = nodes[2 * c + 1];
            long md = nodes[2 * d + 1];
            // A leaf's second long is negative: the AND is negative once all four walks reached one.
            while ((ma & mb & mc & md) >= 0) {
                if (ma >= 0) {
                    a = child(a, ma, x);
                    ma = nodes[2 * a + 1];
                }
                if (mb >= 0) {
                    b = child(b, mb, x);
                    mb = nodes[2 * b + 1];
                }
                if (mc >= 0) {
                    c = child(c, mc, x);
                    mc = nodes[2 * c + 1];
                }
                if (md >= 0) {
                    d = child(d, md, x);
                    md = nodes[2 * d + 1];
                }
            }
            sum += treeWeight[t] * leafValue(a);
            sum += treeWeight[t + 1] * leafValue(b);
            sum += treeWeight[t + 2] * leafValue(c);
            sum += treeWeight[t + 3] * leafValue(d);
        }
        for (; t < to; t++) {
            int n = roots[t];
            long m;
            while ((m = nodes[2 * n + 1]) >= 0) {
                n = child(n, m, x);
            }
            sum += treeWeight[t] * leafValue(n);
        }
        return sum;
    }

    /** The child of inner node {@code n} (second long {@code m}) that {@code x} goes to; NaN goes right, as in Spark. */
    private int child(int n, long m, double[] x) {
        return x[(int) (m >>> 32)] <= Double.longBitsToDouble(nodes[2 * n]) ? n + 1 : (int) m;
    }

    private double leafValue(int n) {
        return Double.longBitsToDouble(nodes[2 * n]);
    }

    /** Every output, in order, into {@code out}. */
    public void predictAll(double[] x, double[] out) {
        for (int o = 0; o < outputNames.size(); o++) {
            out[o] = predict(o, x);
        }
    }
}
