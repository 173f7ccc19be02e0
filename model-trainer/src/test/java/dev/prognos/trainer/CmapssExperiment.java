package dev.prognos.trainer;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;

import dev.prognos.core.model.FeatureSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.spark.ml.feature.VectorSlicer;
import org.apache.spark.ml.functions;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Model selection on the training file only (it never reads the test file): computes a superset of
 * core's features once (windows 5, 10, 20, 30 × mean, std, slope, ewm, delta, min, max, + age; other
 * sets with {@code -Dwindows=10,30,60 -Dstatistics=ewm,slope,delta}),
 * then cross-validates each experiment {@code name||featureRegex||candidate||trainCap} on folds
 * grouped by unit, dealt as {@link CmapssTrainer} deals them (same seed), and prints one line per
 * experiment: for each smoothing width k ({@link #smoothed}, k = 1 is the raw prediction) the
 * validation RMSE against the RUL capped at 125 over all rows / over the rows whose true RUL is at
 * most {@value #NEAR}. With {@code -Doof.dir=DIR} the out-of-fold predictions go to
 * {@code DIR/oof-<subset>-<name>.csv}. Used to choose the trainer's defaults (BENCHMARKS.md).
 *
 * <pre>
 * java $SPARK_JVM_OPTIONS -cp ... dev.prognos.trainer.CmapssExperiment ../shared/datasets/cmapss FD001 3 \
 *   'base||\.w(10|30)\.(ewm|slope|delta)$|^age$||rf:depth=12,trees=20,leaf=10||125'
 * </pre>
 */
public final class CmapssExperiment {

    /** Smoothing widths tried, in cycles (1: the prediction itself). */
    static final int[] SMOOTHING = java.util.Arrays.stream(System.getProperty("smoothing", "1,3,5,10,20").split(","))
            .mapToInt(Integer::parseInt).toArray();
    /** The second figure counts only rows whose true RUL is at most this (cycles): near the cap and below. */
    static final int NEAR = 150;

    public static void main(String[] args) {
        String location = args[0];
        String subset = args[1];
        int folds = Integer.parseInt(args[2]);
        long seed = 42;
        SparkSession spark = SparkSession.builder().master("local[*]").appName("cmapss-experiment")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1").config("spark.sql.shuffle.partitions", "4")
                .getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        Dataset<Row> train = new CmapssReader(spark, location).train(subset).cache();
        ConditionFit.Result cond = ConditionFit.fit(train, CmapssReader.SETTINGS, CmapssReader.SENSORS, seed);
        List<Integer> windows = java.util.Arrays.stream(System.getProperty("windows", "5,10,20,30").split(","))
                .map(String::trim).map(Integer::valueOf).toList();
        List<String> stats = List.of(System.getProperty("statistics", "mean,std,slope,ewm,delta,min,max").split(","));
        FeatureSpec spec = new FeatureSpec(cond.inputs(), CmapssReader.SETTINGS, windows, stats, List.of("age"));
        List<String> names = spec.featureNames();
        FeatureRecipe recipe = new FeatureRecipe(spec, cond.preprocessing());
        List<Integer> units = new ArrayList<>(train.select(CmapssReader.UNIT).distinct()
                .as(org.apache.spark.sql.Encoders.INT()).collectAsList());
        Collections.sort(units);
        Collections.shuffle(units, new Random(seed));
        List<Row> foldRows = new ArrayList<>();
        for (int i = 0; i < units.size(); i++) {
            foldRows.add(RowFactory.create(units.get(i), i % folds));
        }
        Dataset<Row> foldOf = spark.createDataFrame(foldRows, new StructType()
                .add(CmapssReader.UNIT, DataTypes.IntegerType).add("fold", DataTypes.IntegerType));
        Dataset<Row> data = FeatureBuilder.build(train, recipe, false)
                .withColumn("all", functions.array_to_vector(col(FeatureBuilder.FEATURES)))
                .drop(FeatureBuilder.FEATURES)
                .join(broadcast(foldOf), CmapssReader.UNIT)
                .coalesce(spark.sparkContext().defaultParallelism())
                .cache();
        long rows = data.count();
        System.out.println("features " + names.size() + ", rows " + rows);
        Map<String, List<double[]>> memo = new java.util.HashMap<>();
        for (int a = 3; a < args.length; a++) {
            String[] p = args[a].split("\\|\\|");
            String name = p[0];
            Pattern keep = Pattern.compile(p[1]);
            // "a+b": the mean of both models' predictions (e.g. a forest and boosted trees).
            List<Candidate> members = java.util.Arrays.stream(p[2].split("\\+")).map(Candidate::parse).toList();
            double cap = Double.parseDouble(p[3]);
            // Optional training weights: "unit" = 1 / the unit's length, so every unit counts the same
            // (the test protocol scores one cycle per engine); default none.
            String weighting = p.length > 4 ? p[4] : "none";
            List<Integer> idx = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                if (keep.matcher(names.get(i)).find()) {
                    idx.add(i);
                }
            }
            Dataset<Row> d = new VectorSlicer().setInputCol("all").setOutputCol(FeatureBuilder.FEATURES)
                    .setIndices(idx.stream().mapToInt(Integer::intValue).toArray()).transform(data)
                    .withColumn("label", least(col(CmapssReader.RUL), lit(cap)).cast("double"));
            if (weighting.equals("unit")) {
                d = d.withColumn("weight", lit(1.0).divide(org.apache.spark.sql.functions.max(col(CmapssReader.CYCLE))
                        .over(org.apache.spark.sql.expressions.Window.partitionBy(CmapssReader.UNIT))));
            } else if (!weighting.equals("none")) {
                throw new IllegalArgumentException("weighting must be none or unit, got " + weighting);
            }
            long t0 = System.nanoTime();
            // unit -> cycle -> {true rul, prediction}
            Map<Integer, TreeMap<Integer, double[]>> oof = new TreeMap<>();
            for (int f = 0; f < folds; f++) {
                Dataset<Row> fit = d.filter(col("fold").notEqual(f));
                Dataset<Row> val = d.filter(col("fold").equalTo(f));
                for (Candidate cand : members) {
                    // A member already cross-validated (same features, cap, weights) is reused: its
                    // out-of-fold predictions are the same whatever it is averaged with.
                    String key = p[1] + "|" + cand + "|" + cap + "|" + weighting + "|" + f;
                    List<double[]> done = memo.get(key);
                    if (done != null) {
                        for (double[] r : done) {
                            double[] v = oof.computeIfAbsent((int) r[0], u -> new TreeMap<>())
                                    .computeIfAbsent((int) r[1], c -> new double[] {r[2], 0});
                            v[1] += r[3] / members.size();
                        }
                        continue;
                    }
                    List<double[]> mine = new ArrayList<>();
                    memo.put(key, mine);
                    long tm = System.nanoTime();
                    Dataset<Row> pred;
                    if (cand.algorithm().equals("gbt")) {
                        var g = cand.gbt(seed);
                        if (!weighting.equals("none")) {
                            g.setWeightCol("weight");
                        }
                        pred = g.fit(fit).transform(val);
                    } else {
                        var r = cand.rf(seed);
                        if (!weighting.equals("none")) {
                            r.setWeightCol("weight");
                        }
                        pred = r.fit(fit).transform(val);
                    }
                    for (Row r : pred.select(CmapssReader.UNIT, CmapssReader.CYCLE, CmapssReader.RUL, "prediction").collectAsList()) {
                        double[] v = oof.computeIfAbsent(r.getInt(0), u -> new TreeMap<>())
                                .computeIfAbsent(r.getInt(1), c -> new double[] {r.getInt(2), 0});
                        v[1] += r.getDouble(3) / members.size();
                        mine.add(new double[] {r.getInt(0), r.getInt(1), r.getInt(2), r.getDouble(3)});
                    }
                    System.err.printf(Locale.ROOT, "  %s fold %d %s %.0fs%n", name, f, cand, (System.nanoTime() - tm) / 1e9);
                }
            }
            String dir = System.getProperty("oof.dir");
            if (dir != null) {
                try (java.io.PrintWriter w = new java.io.PrintWriter(dir + "/oof-" + subset + "-" + name + ".csv")) {
                    w.println("unit,cycle,rul,prediction");
                    oof.forEach((u, m) -> m.forEach((c, v) -> w.println(u + "," + c + "," + (int) v[0] + "," + v[1])));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-14s n=%3d %-34s cap=%3.0f %5.0fs |",
                    name, idx.size(), p[2], cap, (System.nanoTime() - t0) / 1e9));
            sb.append(String.format(Locale.ROOT, " protocol %.3f |", protocolRmse(oof)));
            for (int k : SMOOTHING) {
                double[] all = {0, 0};
                double[] near = {0, 0};
                for (TreeMap<Integer, double[]> unit : oof.values()) {
                    double[][] v = unit.values().toArray(new double[0][]);
                    for (int t = 0; t < v.length; t++) {
                        double e = smoothed(v, t, k) - Math.min(v[t][0], Scores.CAP);
                        all[0] += e * e;
                        all[1]++;
                        if (v[t][0] <= NEAR) {
                            near[0] += e * e;
                            near[1]++;
                        }
                    }
                }
                sb.append(String.format(Locale.ROOT, " k%d %.3f/%.3f", k, Math.sqrt(all[0] / all[1]),
                        Math.sqrt(near[0] / near[1])));
            }
            System.out.println(sb);
        }
        spark.stop();
    }

    /**
     * The test protocol's expected RMSE: each held-out unit cut at a cycle drawn uniformly from its
     * life and scored at that last cycle only. Features are causal (a row sees only the unit's past),
     * so the prediction at the last cycle of the unit cut at t is the prediction at row t of the
     * whole unit: the expectation is every row weighted 1 / the unit's length, each unit counting once.
     */
    static double protocolRmse(Map<Integer, TreeMap<Integer, double[]>> oof) {
        double sum = 0;
        for (TreeMap<Integer, double[]> unit : oof.values()) {
            double s = 0;
            for (double[] v : unit.values()) {
                double e = v[1] - Math.min(v[0], Scores.CAP);
                s += e * e;
            }
            sum += s / unit.size();
        }
        return Math.sqrt(sum / oof.size());
    }

    /**
     * RUL at row t from the unit's own last k predictions: the mean of pred[t-i] - i (a prediction
     * made i cycles earlier, aged by i cycles), at most the cap; fewer at the start of a life.
     * Rows: {true RUL, prediction} in cycle order.
     */
    static double smoothed(double[][] rows, int t, int k) {
        int n = Math.min(k, t + 1);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += rows[t - i][1] - i;
        }
        return Math.min(Scores.CAP, sum / n);
    }
}
