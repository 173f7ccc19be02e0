package dev.prognos.trainer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.classification.RandomForestClassifier;
import org.apache.spark.ml.regression.GBTRegressor;
import org.apache.spark.ml.regression.RandomForestRegressor;

/**
 * One hyperparameter setting cross-validation compares.
 *
 * @param algorithm {@code gbt} (gradient-boosted trees) or {@code rf} (random forest)
 * @param maxDepth  tree depth
 * @param trees     boosting iterations (gbt) or trees (rf)
 * @param stepSize  learning rate (gbt only)
 * @param minInstancesPerNode smallest leaf, in rows
 */
record Candidate(String algorithm, int maxDepth, int trees, double stepSize, int minInstancesPerNode) {

    /**
     * Memory for node statistics per pass, MB. Spark's default (256) makes deep forests take many
     * passes over the data per level; 1024 fits a level of 100 trees in one.
     */
    static final int MEMORY_MB = 1024;

    /**
     * Parses {@code gbt:depth=5,trees=150,step=0.05,leaf=20} or {@code rf:depth=10,trees=100,leaf=5};
     * several separated by {@code ;}.
     */
    static List<Candidate> parseAll(String grid) {
        List<Candidate> out = new ArrayList<>();
        for (String one : grid.split(";")) {
            if (!one.isBlank()) {
                out.add(parse(one.trim()));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("--grid: no candidate in '" + grid + "'");
        }
        return out;
    }

    static Candidate parse(String s) {
        int colon = s.indexOf(':');
        String alg = colon < 0 ? s : s.substring(0, colon);
        if (!alg.equals("gbt") && !alg.equals("rf")) {
            throw new IllegalArgumentException("--grid: algorithm must be gbt or rf, got '" + alg + "' in '" + s + "'");
        }
        int depth = 5;
        int trees = alg.equals("gbt") ? 100 : 100;
        double step = 0.1;
        int leaf = 1;
        if (colon >= 0) {
            for (String kv : s.substring(colon + 1).split(",")) {
                String[] p = kv.split("=", 2);
                if (p.length != 2) {
                    throw new IllegalArgumentException("--grid: expected key=value, got '" + kv + "' in '" + s + "'");
                }
                try {
                    switch (p[0].trim()) {
                        case "depth" -> depth = Integer.parseInt(p[1].trim());
                        case "trees" -> trees = Integer.parseInt(p[1].trim());
                        case "step" -> step = Double.parseDouble(p[1].trim());
                        case "leaf" -> leaf = Integer.parseInt(p[1].trim());
                        default -> throw new IllegalArgumentException("--grid: unknown key '" + p[0]
                                + "' in '" + s + "' (depth, trees, step, leaf)");
                    }
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--grid: '" + kv + "' is not a number in '" + s + "'");
                }
            }
        }
        if (depth < 1 || trees < 1 || !(step > 0 && step <= 1) || leaf < 1) {
            throw new IllegalArgumentException("--grid: depth, trees and leaf must be at least 1 and step in (0, 1], got '" + s + "'");
        }
        return new Candidate(alg, depth, trees, step, leaf);
    }

    GBTRegressor gbt(long seed) {
        return new GBTRegressor().setMaxDepth(maxDepth).setMaxIter(trees).setStepSize(stepSize)
                .setMinInstancesPerNode(minInstancesPerNode).setSubsamplingRate(0.8).setSeed(seed)
                .setMaxMemoryInMB(MEMORY_MB).setCacheNodeIds(true)
                .setFeaturesCol(FeatureBuilder.FEATURES).setLabelCol("label");
    }

    RandomForestRegressor rf(long seed) {
        return new RandomForestRegressor().setMaxDepth(maxDepth).setNumTrees(trees)
                .setMinInstancesPerNode(minInstancesPerNode).setFeatureSubsetStrategy("onethird").setSeed(seed)
                .setMaxMemoryInMB(MEMORY_MB).setCacheNodeIds(true)
                .setFeaturesCol(FeatureBuilder.FEATURES).setLabelCol("label");
    }

    /** The failure-within-horizon classifier: a random forest on the same settings, label column {@code failure}. */
    RandomForestClassifier rfClassifier(long seed) {
        return new RandomForestClassifier().setMaxDepth(maxDepth).setNumTrees(trees)
                .setMinInstancesPerNode(minInstancesPerNode).setFeatureSubsetStrategy("sqrt").setSeed(seed)
                .setMaxMemoryInMB(MEMORY_MB).setCacheNodeIds(true)
                .setFeaturesCol(FeatureBuilder.FEATURES).setLabelCol(FAILURE);
    }

    /** Label column of the classifier: 1 when the unit fails within the horizon, else 0. */
    static final String FAILURE = "failure";

    @Override
    public String toString() {
        return algorithm.equals("gbt")
                ? String.format(Locale.ROOT, "gbt:depth=%d,trees=%d,step=%s,leaf=%d", maxDepth, trees, stepSize, minInstancesPerNode)
                : String.format(Locale.ROOT, "rf:depth=%d,trees=%d,leaf=%d", maxDepth, trees, minInstancesPerNode);
    }
}
