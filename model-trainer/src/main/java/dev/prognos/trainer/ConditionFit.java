package dev.prognos.trainer;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.stddev_samp;
import static org.apache.spark.sql.functions.udf;

import dev.prognos.core.model.Preprocessing;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.clustering.KMeans;
import org.apache.spark.ml.clustering.KMeansModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

/**
 * Learns the operating conditions and the per-condition normalisation from training rows only.
 *
 * <p>Conditions: the settings, each divided by its training standard deviation, are clustered with
 * Spark's KMeans for k = 1, 2, ... {@value #MAX_CONDITIONS}; the first k whose within-cluster cost
 * is at most {@value #DISCRETE_COST} of the cost with one cluster is taken (operating regimes are
 * discrete: six clusters explain FD002's settings almost entirely). When no k does, the settings
 * only vary by noise (FD001) and there is one condition.
 *
 * <p>Inputs: a sensor is dropped when it is constant within every condition (standard deviation at
 * most {@value #CONSTANT} of its magnitude, i.e. only rounding noise): it says nothing about wear.
 */
final class ConditionFit {

    static final int MAX_CONDITIONS = 8;
    static final int KMEANS_SAMPLE = 5000;
    static final double DISCRETE_COST = 1e-3;
    static final double CONSTANT = 1e-8;

    /** The fitted preprocessing and the sensors it keeps (their order is the spec's input order). */
    record Result(Preprocessing preprocessing, List<String> inputs) {
    }

    private ConditionFit() {
    }

    static Result fit(Dataset<Row> train, List<String> settings, List<String> sensors, long seed) {
        int ns = settings.size();
        double[] scale = new double[ns];
        Row sd = train.agg(stddev_samp(settings.get(0)), settings.stream().skip(1)
                .map(s -> stddev_samp(s)).toArray(Column[]::new)).first();
        Column[] scaled = new Column[ns];
        for (int k = 0; k < ns; k++) {
            double s = sd.isNullAt(k) ? 0 : sd.getDouble(k);
            scale[k] = s > 1e-12 ? s : 1;
            scaled[k] = col(settings.get(k)).divide(scale[k]).as("scaled_" + k);
        }
        Dataset<Row> points = new VectorAssembler()
                .setInputCols(java.util.stream.IntStream.range(0, ns).mapToObj(k -> "scaled_" + k).toArray(String[]::new))
                .setOutputCol("scaled")
                .transform(train.select(scaled))
                .select("scaled");
        // Cost ratios do not need every row: a sample keeps each KMeans fit to a few seconds.
        long rows = points.count();
        if (rows > KMEANS_SAMPLE) {
            points = points.sample(false, (double) KMEANS_SAMPLE / rows, seed);
        }
        points = points.cache();
        double[][] centroids = null;
        // One cluster: the cost is the total variance, n − 1 per setting that varies (each is scaled to std 1).
        long n = points.count();
        int varying = 0;
        for (int k = 0; k < ns; k++) {
            varying += sd.isNullAt(k) || !(sd.getDouble(k) > 1e-12) ? 0 : 1;
        }
        double cost1 = (double) (n - 1) * varying;
        Progress.say(String.format("      k=1 within-cluster cost %.4g", cost1));
        for (int k = 2; k <= MAX_CONDITIONS && cost1 > 0; k++) {
            KMeansModel m = new KMeans().setK(k).setSeed(seed).setFeaturesCol("scaled").setMaxIter(20).fit(points);
            double cost = m.summary().trainingCost();
            Progress.say(String.format("      k=%d within-cluster cost %.4g (%.2e of k=1)", k, cost, cost / cost1));
            if (cost <= DISCRETE_COST * cost1) {
                centroids = centres(m, scale);
                break;
            }
        }
        points.unpersist();
        if (centroids == null) {
            centroids = new double[][] {meanSettings(train, settings)};
        }
        Progress.say("conditions: " + centroids.length);

        // Per condition, per sensor: training mean and standard deviation.
        double[][] cs = centroids;
        UserDefinedFunction condition = udf((UDF1<Row, Integer>) r -> {
            double[] s = new double[r.size()];
            for (int k = 0; k < s.length; k++) {
                s[k] = r.getDouble(k);
            }
            return identity(scale, cs, 1).condition(s);
        }, DataTypes.IntegerType);
        List<Column> aggs = new ArrayList<>();
        for (String s : sensors) {
            aggs.add(avg(s));
            aggs.add(stddev_samp(s));
        }
        List<Row> stats = train
                .withColumn("condition", condition.apply(org.apache.spark.sql.functions.struct(
                        settings.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new))))
                .groupBy("condition").agg(count("*"), aggs.toArray(Column[]::new))
                .collectAsList();
        int nc = centroids.length;
        double[][] mean = new double[nc][sensors.size()];
        double[][] std = new double[nc][sensors.size()];
        for (Row r : stats) {
            int c = r.getInt(0);
            for (int i = 0; i < sensors.size(); i++) {
                mean[c][i] = r.getDouble(2 + 2 * i);
                std[c][i] = r.isNullAt(3 + 2 * i) ? 0 : r.getDouble(3 + 2 * i);
            }
        }
        List<Integer> keep = new ArrayList<>();
        for (int i = 0; i < sensors.size(); i++) {
            boolean varies = false;
            for (int c = 0; c < nc; c++) {
                varies |= std[c][i] > CONSTANT * Math.max(1, Math.abs(mean[c][i]));
            }
            if (varies) {
                keep.add(i);
            }
        }
        double[][] m = new double[nc][keep.size()];
        double[][] s = new double[nc][keep.size()];
        List<String> inputs = new ArrayList<>();
        for (int j = 0; j < keep.size(); j++) {
            inputs.add(sensors.get(keep.get(j)));
            for (int c = 0; c < nc; c++) {
                m[c][j] = mean[c][keep.get(j)];
                // A sensor constant in one condition but not another: divide by 1 there.
                s[c][j] = std[c][keep.get(j)] > 1e-12 ? std[c][keep.get(j)] : 1;
            }
        }
        Progress.say("inputs: " + inputs + " (dropped as constant: " + sensors.stream().filter(x -> !inputs.contains(x)).toList() + ")");
        return new Result(new Preprocessing(scale, centroids, m, s), inputs);
    }

    private static double[][] centres(KMeansModel m, double[] scale) {
        Vector[] centers = m.clusterCenters();
        double[][] out = new double[centers.length][scale.length];
        for (int c = 0; c < centers.length; c++) {
            for (int k = 0; k < scale.length; k++) {
                out[c][k] = centers[c].apply(k) * scale[k];
            }
        }
        return out;
    }

    private static double[] meanSettings(Dataset<Row> train, List<String> settings) {
        Row r = train.agg(avg(settings.get(0)), settings.stream().skip(1).map(s -> avg(s)).toArray(Column[]::new)).first();
        double[] out = new double[settings.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = r.getDouble(k);
        }
        return out;
    }

    private static Preprocessing identity(double[] scale, double[][] centroids, int inputs) {
        double[][] zero = new double[centroids.length][inputs];
        double[][] one = new double[centroids.length][inputs];
        for (double[] o : one) {
            java.util.Arrays.fill(o, 1);
        }
        return new Preprocessing(scale, centroids, zero, one);
    }
}
