package dev.prognos.trainer;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.prognos.core.model.ModelBody;
import dev.prognos.core.model.Tree;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import org.apache.spark.ml.classification.RandomForestClassifier;
import org.apache.spark.ml.regression.GBTRegressionModel;
import org.apache.spark.ml.regression.GBTRegressor;
import org.apache.spark.ml.regression.RandomForestRegressionModel;
import org.apache.spark.ml.regression.RandomForestRegressor;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One hyperparameter setting cross-validation compares: a single learner, or the mean of several
 * ({@code rf:...+gbt:...}, algorithm {@code avg}), exported as one tree ensemble.
 *
 * @param algorithm {@code gbt} (gradient-boosted trees), {@code rf} (random forest) or {@code avg}
 * @param maxDepth  tree depth (0 for avg)
 * @param trees     boosting iterations (gbt) or trees (rf); for avg the sum of its members'
 * @param stepSize  learning rate (gbt only)
 * @param minInstancesPerNode smallest leaf, in rows
 * @param members   the learners averaged (avg only; empty otherwise)
 * @param features  features tried per split ({@code subset=}: Spark's featureSubsetStrategy, e.g. sqrt,
 *                  onethird, all, 0.5); {@code auto} = onethird for a forest, all for boosted trees
 */
record Candidate(String algorithm, int maxDepth, int trees, double stepSize, int minInstancesPerNode,
                 List<Candidate> members, String features) {

    Candidate {
        members = List.copyOf(members);
        if (algorithm.equals("avg") != !members.isEmpty()) {
            throw new IllegalArgumentException("only an average (avg) has members, got " + algorithm + " with " + members);
        }
    }

    Candidate(String algorithm, int maxDepth, int trees, double stepSize, int minInstancesPerNode) {
        this(algorithm, maxDepth, trees, stepSize, minInstancesPerNode, List.of(), AUTO);
    }

    /** The mean of the members' predictions. */
    static Candidate average(List<Candidate> members) {
        if (members.size() < 2 || members.stream().anyMatch(m -> m.algorithm().equals("avg"))) {
            throw new IllegalArgumentException("--grid: an average needs at least two plain learners, got " + members);
        }
        return new Candidate("avg", 0, members.stream().mapToInt(Candidate::trees).sum(), 0, 0, members, AUTO);
    }

    /** A refitted regressor: its portable body, Spark's feature importances, and Spark's predictions ({@code prediction}). */
    record Fitted(ModelBody body, double[] importances, UnaryOperator<Dataset<Row>> transform) {
    }

    /**
     * Fits on {@code data} (columns {@code features}, {@code label}). An average fits each member
     * and predicts the mean of their predictions; its body is one weighted sum of all their trees
     * (a forest's tree weighs 1 / (members · trees), a boosted tree its weight / members).
     */
    Fitted fit(Dataset<Row> data, long seed) {
        if (algorithm.equals("gbt")) {
            GBTRegressionModel m = gbt(seed).fit(data);
            return new Fitted(SparkTreeExport.of(m), m.featureImportances().toArray(), d -> m.transform(d));
        }
        if (algorithm.equals("rf")) {
            RandomForestRegressionModel m = rf(seed).fit(data);
            return new Fitted(SparkTreeExport.of(m), m.featureImportances().toArray(), d -> m.transform(d));
        }
        List<Fitted> fitted = new ArrayList<>();
        for (Candidate c : members) {
            fitted.add(c.fit(data, seed));
        }
        int k = fitted.size();
        List<Tree> trees = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        double[] importances = new double[fitted.get(0).importances().length];
        for (Fitted f : fitted) {
            ModelBody b = f.body();
            for (int t = 0; t < b.trees().size(); t++) {
                trees.add(b.trees().get(t));
                weights.add((ModelBody.MEAN.equals(b.aggregation()) ? 1.0 / b.trees().size() : b.weights()[t]) / k);
            }
            for (int i = 0; i < importances.length; i++) {
                importances[i] += f.importances()[i] / k;
            }
        }
        ModelBody body = ModelBody.boosted(0, weights.stream().mapToDouble(Double::doubleValue).toArray(), trees);
        return new Fitted(body, importances, d -> {
            Dataset<Row> out = d;
            Column sum = lit(0.0);
            for (int i = 0; i < k; i++) {
                String c = "member_" + i;
                out = fitted.get(i).transform().apply(out).withColumnRenamed("prediction", c);
                sum = sum.plus(col(c));
            }
            out = out.withColumn("prediction", sum.divide(k));
            for (int i = 0; i < k; i++) {
                out = out.drop("member_" + i);
            }
            return out;
        });
    }

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
        if (s.contains("+")) {
            List<Candidate> members = new ArrayList<>();
            for (String one : s.split("\\+")) {
                members.add(parse(one.trim()));
            }
            return average(members);
        }
        int colon = s.indexOf(':');
        String alg = colon < 0 ? s : s.substring(0, colon);
        if (!alg.equals("gbt") && !alg.equals("rf")) {
            throw new IllegalArgumentException("--grid: algorithm must be gbt or rf, got '" + alg + "' in '" + s + "'");
        }
        int depth = 5;
        int trees = alg.equals("gbt") ? 100 : 100;
        double step = 0.1;
        int leaf = 1;
        String features = AUTO;
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
                        case "subset" -> features = featureSubset(p[1].trim(), s);
                        default -> throw new IllegalArgumentException("--grid: unknown key '" + p[0]
                                + "' in '" + s + "' (depth, trees, step, leaf, subset)");
                    }
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--grid: '" + kv + "' is not a number in '" + s + "'");
                }
            }
        }
        if (depth < 1 || trees < 1 || !(step > 0 && step <= 1) || leaf < 1) {
            throw new IllegalArgumentException("--grid: depth, trees and leaf must be at least 1 and step in (0, 1], got '" + s + "'");
        }
        return new Candidate(alg, depth, trees, step, leaf, List.of(), features);
    }

    GBTRegressor gbt(long seed) {
        return new GBTRegressor().setMaxDepth(maxDepth).setMaxIter(trees).setStepSize(stepSize)
                .setMinInstancesPerNode(minInstancesPerNode).setSubsamplingRate(0.8).setSeed(seed)
                .setFeatureSubsetStrategy(features.equals(AUTO) ? "all" : features)
                .setMaxMemoryInMB(MEMORY_MB).setCacheNodeIds(true)
                .setFeaturesCol(FeatureBuilder.FEATURES).setLabelCol("label");
    }

    RandomForestRegressor rf(long seed) {
        return new RandomForestRegressor().setMaxDepth(maxDepth).setNumTrees(trees)
                .setMinInstancesPerNode(minInstancesPerNode).setFeatureSubsetStrategy(features.equals(AUTO) ? "onethird" : features).setSeed(seed)
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

    /** Feature subset strategy left to the algorithm's default (onethird for rf, all for gbt). */
    static final String AUTO = "auto";

    private static String featureSubset(String v, String s) {
        boolean named = List.of("auto", "all", "onethird", "sqrt", "log2").contains(v);
        if (!named) {
            try {
                double f = Double.parseDouble(v);
                if (!(f > 0 && f <= 1)) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--grid: subset must be auto, all, onethird, sqrt, log2 or a fraction"
                        + " in (0, 1], got '" + v + "' in '" + s + "'");
            }
        }
        return v;
    }

    @Override
    public String toString() {
        if (algorithm.equals("avg")) {
            return String.join("+", members.stream().map(Candidate::toString).toList());
        }
        return algorithm.equals("gbt")
                ? String.format(Locale.ROOT, "gbt:depth=%d,trees=%d,step=%s,leaf=%d", maxDepth, trees, stepSize, minInstancesPerNode)
                        + (features.equals(AUTO) ? "" : ",subset=" + features)
                : String.format(Locale.ROOT, "rf:depth=%d,trees=%d,leaf=%d", maxDepth, trees, minInstancesPerNode)
                        + (features.equals(AUTO) ? "" : ",subset=" + features);
    }
}
