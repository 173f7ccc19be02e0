package dev.prognos.trainer;

import dev.prognos.core.model.ModelBody;
import dev.prognos.core.model.Tree;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.apache.spark.ml.classification.DecisionTreeClassificationModel;
import org.apache.spark.ml.classification.RandomForestClassificationModel;
import org.apache.spark.ml.regression.DecisionTreeRegressionModel;
import org.apache.spark.ml.regression.GBTRegressionModel;
import org.apache.spark.ml.regression.RandomForestRegressionModel;
import org.apache.spark.ml.tree.ContinuousSplit;
import org.apache.spark.ml.tree.InternalNode;
import org.apache.spark.ml.tree.LeafNode;
import org.apache.spark.ml.tree.Node;
import org.apache.spark.ml.tree.Split;

/**
 * Converts Spark MLlib tree ensembles into core's portable {@link ModelBody}: each tree walked in
 * pre-order from {@code rootNode}, an {@link InternalNode}'s {@link ContinuousSplit} kept as feature
 * index and threshold (left when value &lt;= threshold, as Spark does), a {@link LeafNode}'s
 * prediction as the leaf value. GBT: init 0 and Spark's tree weights; random forest: the mean.
 * A random-forest classifier's probability of class 1 is the mean over trees of each leaf's share
 * of class-1 training rows, which is how Spark computes it (votes normalised per tree, then by
 * their sum).
 */
final class SparkTreeExport {

    private SparkTreeExport() {
    }

    static ModelBody of(GBTRegressionModel m) {
        List<Tree> trees = new ArrayList<>();
        for (DecisionTreeRegressionModel t : m.trees()) {
            trees.add(tree(t.rootNode()));
        }
        return ModelBody.boosted(0, m.treeWeights().clone(), trees);
    }

    static ModelBody of(RandomForestRegressionModel m) {
        List<Tree> trees = new ArrayList<>();
        for (org.apache.spark.ml.tree.DecisionTreeModel t : m.trees()) {
            trees.add(tree(((DecisionTreeRegressionModel) t).rootNode()));
        }
        return ModelBody.forest(trees);
    }

    /** Probability of class 1 of a binary random-forest classifier: the mean of the leaves' class-1 shares. */
    static ModelBody probabilityOf(RandomForestClassificationModel m) {
        if (m.numClasses() != 2) {
            throw new IllegalArgumentException("only binary classifiers can be exported, got " + m.numClasses() + " classes");
        }
        List<Tree> trees = new ArrayList<>();
        for (DecisionTreeClassificationModel t : m.trees()) {
            trees.add(tree(t.rootNode(), SparkTreeExport::classOneShare));
        }
        return ModelBody.forest(trees);
    }

    private static double classOneShare(Node leaf) {
        double[] counts = leaf.impurityStats().stats();
        double total = 0;
        for (double c : counts) {
            total += c;
        }
        return total == 0 ? 0 : counts[1] / total;
    }

    static Tree tree(Node root) {
        return tree(root, Node::prediction);
    }

    static Tree tree(Node root, ToDoubleFunction<Node> leafValue) {
        List<Node> nodes = new ArrayList<>();
        collect(root, nodes);
        int n = nodes.size();
        int[] feature = new int[n];
        double[] threshold = new double[n];
        int[] left = new int[n];
        int[] right = new int[n];
        double[] value = new double[n];
        // Pre-order: a node's left subtree follows it directly; its right subtree follows that.
        int[] next = {0};
        fill(root, leafValue, feature, threshold, left, right, value, next);
        return new Tree(feature, threshold, left, right, value);
    }

    private static void collect(Node node, List<Node> out) {
        out.add(node);
        if (node instanceof InternalNode in) {
            collect(in.leftChild(), out);
            collect(in.rightChild(), out);
        }
    }

    private static int fill(Node node, ToDoubleFunction<Node> leafValue, int[] feature, double[] threshold, int[] left, int[] right,
                            double[] value, int[] next) {
        int i = next[0]++;
        value[i] = node instanceof LeafNode ? leafValue.applyAsDouble(node) : node.prediction();
        if (node instanceof InternalNode in) {
            Split split = in.split();
            if (!(split instanceof ContinuousSplit cs)) {
                throw new IllegalArgumentException("only continuous splits can be exported, got "
                        + split.getClass().getSimpleName() + " on feature " + split.featureIndex());
            }
            feature[i] = cs.featureIndex();
            threshold[i] = cs.threshold();
            left[i] = fill(in.leftChild(), leafValue, feature, threshold, left, right, value, next);
            right[i] = fill(in.rightChild(), leafValue, feature, threshold, left, right, value, next);
        } else if (node instanceof LeafNode) {
            feature[i] = -1;
        } else {
            throw new IllegalArgumentException("unknown Spark tree node " + node.getClass().getName());
        }
        return i;
    }
}
