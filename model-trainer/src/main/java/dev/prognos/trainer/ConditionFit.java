package dev.prognos.trainer;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.stddev_samp;
import static org.apache.spark.sql.functions.udf;

import dev.prognos.core.model.Preprocessing;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.math3.ml.clustering.CentroidCluster;
import org.apache.commons.math3.ml.clustering.DoublePoint;
import org.apache.commons.math3.ml.clustering.KMeansPlusPlusClusterer;
import org.apache.commons.math3.ml.clustering.MultiKMeansPlusPlusClusterer;
import org.apache.commons.math3.ml.distance.EuclideanDistance;
import org.apache.commons.math3.random.JDKRandomGenerator;
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
 * k-means++ (Apache Commons Math, on a sample collected to the driver) for k = 1, 2, ... {@value #MAX_CONDITIONS}; the first k whose within-cluster cost
 * is at most {@value #DISCRETE_COST} of the cost with one cluster is taken (operating regimes are
 * discrete: six clusters explain FD002's settings almost entirely). When no k does, the settings
 * only vary by noise (FD001) and there is one condition.
 *
 * <p>Inputs: a sensor is dropped when it is constant within every condition (standard deviation at
 * most {@value #CONSTANT} of its magnitude, i.e. only rounding noise): it says nothing about wear.
 */
final class ConditionFit {

    static final int MAX_CONDITIONS = 10;
    static final int KMEANS_SAMPLE = 3000;
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
        // Cost ratios do not need every row: a sample, clustered on the driver (a few ms per k; Spark's
        // KMeans runs dozens of small jobs per k, half a minute each on a busy 2-core machine).
        long rows = train.count();
        Dataset<Row> sample = rows > KMEANS_SAMPLE ? train.sample(false, (double) KMEANS_SAMPLE / rows, seed) : train;
        List<DoublePoint> points = new ArrayList<>();
        for (Row r : sample.select(scaled).collectAsList()) {
            double[] p = new double[ns];
            for (int k = 0; k < ns; k++) {
                p[k] = r.getDouble(k);
            }
            points.add(new DoublePoint(p));
        }
        double[][] centroids = null;
        double cost1 = cost(List.of(mean(points, ns)), points);
        Progress.say(String.format(Locale.ROOT, "      k=1 within-cluster cost %.4g (%d sampled rows)", cost1, points.size()));
        for (int k = 2; k <= MAX_CONDITIONS && cost1 > 0 && k <= points.size(); k++) {
            KMeansPlusPlusClusterer<DoublePoint> kmeans = new KMeansPlusPlusClusterer<>(k, 50, new EuclideanDistance(),
                    new JDKRandomGenerator((int) seed));
            // Several starts: k-means++ can merge two regimes in one start and split one in another.
            List<CentroidCluster<DoublePoint>> clusters = new MultiKMeansPlusPlusClusterer<>(kmeans, 5).cluster(points);
            List<double[]> centres = clusters.stream().map(c -> c.getCenter().getPoint()).toList();
            double cost = cost(centres, points);
            Progress.say(String.format(Locale.ROOT, "      k=%d within-cluster cost %.4g (%.2e of k=1)", k, cost, cost / cost1));
            if (cost <= DISCRETE_COST * cost1) {
                centroids = new double[k][ns];
                for (int c = 0; c < k; c++) {
                    for (int j = 0; j < ns; j++) {
                        centroids[c][j] = centres.get(c)[j] * scale[j];
                    }
                }
                break;
            }
        }
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

    private static double[] mean(List<DoublePoint> points, int ns) {
        double[] m = new double[ns];
        for (DoublePoint p : points) {
            for (int k = 0; k < ns; k++) {
                m[k] += p.getPoint()[k] / points.size();
            }
        }
        return m;
    }

    /** Sum over points of the squared distance to the nearest centre. */
    private static double cost(List<double[]> centres, List<DoublePoint> points) {
        double total = 0;
        for (DoublePoint p : points) {
            double best = Double.POSITIVE_INFINITY;
            for (double[] c : centres) {
                double d = 0;
                for (int k = 0; k < c.length; k++) {
                    double x = p.getPoint()[k] - c[k];
                    d += x * x;
                }
                best = Math.min(best, d);
            }
            total += best;
        }
        return total;
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
