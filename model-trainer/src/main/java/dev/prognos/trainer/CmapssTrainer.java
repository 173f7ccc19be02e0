package dev.prognos.trainer;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;

import dev.prognos.core.model.FeatureSpec;
import dev.prognos.core.model.ModelArtifact;
import dev.prognos.core.model.ModelBody;
import dev.prognos.core.model.ModelOutput;
import dev.prognos.core.model.ModelRuntime;
import dev.prognos.core.model.TrainingData;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.functions;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.regression.GBTRegressionModel;
import org.apache.spark.ml.regression.RandomForestRegressionModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Trains a RUL model on one C-MAPSS subset and scores it once on the test file.
 *
 * <ol>
 *   <li>Training file only: operating conditions and per-condition normalisation
 *       ({@link ConditionFit}); window features per unit with core's code ({@link FeatureBuilder});
 *       target RUL capped at {@value Scores#CAP} cycles.</li>
 *   <li>Model selection by k-fold cross-validation grouped by unit: the units are shuffled and dealt
 *       into folds, so no unit is in both training and validation.</li>
 *   <li>The best candidate is refitted on every training unit, exported to core's artifact, and the
 *       artifact's runtime is checked against Spark's predictions on every test row.</li>
 *   <li>Only then is the test file read, scored once at each unit's last cycle.</li>
 * </ol>
 */
public final class CmapssTrainer {

    /** Windows over the normalised sensors, in cycles. */
    static final List<Integer> WINDOWS = List.of(5, 10, 20, 30);
    static final List<String> STATISTICS = List.of("mean", "std", "slope");
    /** Largest difference allowed between core's runtime and Spark on the same row, in cycles. */
    static final double RUNTIME_TOLERANCE = 1e-9;

    /**
     * @param location   directory with train_, test_ and RUL_&lt;subset&gt;.txt
     * @param subset     e.g. FD001
     * @param assetType  asset type written into the artifact
     * @param grid       candidates compared by cross-validation
     * @param folds      number of unit-grouped folds (at least 2)
     * @param maxUnits   train on units 1..maxUnits only (0: all); for quick tests
     * @param seed       random seed for folds and learners
     */
    public record Options(String location, String subset, String assetType, List<Candidate> grid, int folds,
                          int maxUnits, long seed) {
        public Options {
            if (folds < 2) {
                throw new IllegalArgumentException("--folds must be at least 2, got " + folds);
            }
        }
    }

    /** One row of the cross-validation table. */
    public record CvRow(String candidate, double meanRmse, double[] foldRmse, double seconds) {
    }

    /** Everything a run produced. */
    public record Result(ModelArtifact artifact, List<CvRow> cv, String best, double rmse, double rmseUncapped,
                         double phm08, int[] testUnits, double[] predicted, double[] trueRul,
                         double maxRuntimeDifference, long testRows, double trainSeconds) {
    }

    private final SparkSession spark;

    public CmapssTrainer(SparkSession spark) {
        this.spark = spark;
    }

    public Result run(Options o) {
        long start = System.nanoTime();
        CmapssReader reader = new CmapssReader(spark, o.location());
        Dataset<Row> train = reader.train(o.subset());
        if (o.maxUnits() > 0) {
            train = train.filter(col(CmapssReader.UNIT).leq(o.maxUnits()));
        }
        train = train.cache();
        long trainRows = train.count();
        Progress.say("[1/5] training data: " + o.subset() + ", " + trainRows + " rows");

        Progress.say("[2/5] operating conditions and normalisation (training data only)");
        ConditionFit.Result cond = ConditionFit.fit(train, CmapssReader.SETTINGS, CmapssReader.SENSORS, o.seed());
        FeatureSpec spec = new FeatureSpec(cond.inputs(), CmapssReader.SETTINGS, WINDOWS, STATISTICS, List.of("age"));
        FeatureRecipe recipe = new FeatureRecipe(spec, cond.preprocessing());
        Dataset<Row> features = labelled(FeatureBuilder.build(train, recipe, false)).cache();
        Progress.say("      " + spec.featureCount() + " features over " + cond.inputs().size() + " sensors, "
                + cond.preprocessing().conditionCount() + " condition(s), " + features.count() + " training rows");

        // Folds by unit.
        List<Integer> units = new ArrayList<>(train.select(CmapssReader.UNIT).distinct().as(org.apache.spark.sql.Encoders.INT())
                .collectAsList());
        Collections.sort(units);
        Collections.shuffle(units, new Random(o.seed()));
        List<Row> foldRows = new ArrayList<>();
        for (int i = 0; i < units.size(); i++) {
            foldRows.add(RowFactory.create(units.get(i), i % o.folds()));
        }
        Dataset<Row> foldOf = spark.createDataFrame(foldRows, new StructType()
                .add(CmapssReader.UNIT, DataTypes.IntegerType).add("fold", DataTypes.IntegerType));
        Dataset<Row> withFold = features.join(foldOf, CmapssReader.UNIT).cache();

        Progress.say("[3/5] cross-validation grouped by unit: " + o.grid().size() + " candidate(s) × " + o.folds()
                + " folds, " + units.size() + " units");
        RegressionEvaluator rmse = new RegressionEvaluator().setLabelCol("label").setPredictionCol("prediction")
                .setMetricName("rmse");
        List<CvRow> cv = new ArrayList<>();
        CvRow best = null;
        Candidate bestCandidate = null;
        for (int c = 0; c < o.grid().size(); c++) {
            Candidate cand = o.grid().get(c);
            long t0 = System.nanoTime();
            double[] foldRmse = new double[o.folds()];
            for (int f = 0; f < o.folds(); f++) {
                Dataset<Row> fit = withFold.filter(col("fold").notEqual(f));
                Dataset<Row> val = withFold.filter(col("fold").equalTo(f));
                Dataset<Row> predicted = cand.algorithm().equals("gbt")
                        ? cand.gbt(o.seed()).fit(fit).transform(val)
                        : cand.rf(o.seed()).fit(fit).transform(val);
                foldRmse[f] = rmse.evaluate(predicted);
                Progress.say(String.format(Locale.ROOT, "      candidate %d/%d %s fold %d/%d: RMSE %.3f",
                        c + 1, o.grid().size(), cand, f + 1, o.folds(), foldRmse[f]));
            }
            double mean = java.util.Arrays.stream(foldRmse).average().orElse(Double.NaN);
            CvRow row = new CvRow(cand.toString(), mean, foldRmse, (System.nanoTime() - t0) / 1e9);
            cv.add(row);
            if (best == null || mean < best.meanRmse()) {
                best = row;
                bestCandidate = cand;
            }
        }

        Progress.say("[4/5] refitting " + bestCandidate + " on all " + units.size() + " training units");
        ModelBody body;
        org.apache.spark.ml.Model<?> model;
        if (bestCandidate.algorithm().equals("gbt")) {
            GBTRegressionModel m = bestCandidate.gbt(o.seed()).fit(features);
            body = SparkTreeExport.of(m);
            model = m;
        } else {
            RandomForestRegressionModel m = bestCandidate.rf(o.seed()).fit(features);
            body = SparkTreeExport.of(m);
            model = m;
        }
        double trainSeconds = (System.nanoTime() - start) / 1e9;
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("cv_rmse", best.meanRmse());
        metrics.put("cv_folds", (double) o.folds());
        metrics.put("target_cap_cycles", Scores.CAP);
        ModelArtifact artifact = ModelArtifact.unsigned("cmapss-" + o.subset().toLowerCase(Locale.ROOT) + "-rul",
                version(Instant.now()), o.assetType(), Instant.now().toString(),
                new TrainingData("C-MAPSS " + o.subset() + " train_" + o.subset() + ".txt, " + units.size()
                        + " units", fingerprint(o.location() + "/train_" + o.subset() + ".txt"), trainRows),
                spec, cond.preprocessing(),
                List.of(new ModelOutput("rul", "cycles", ModelOutput.IDENTITY, body)), metrics);
        ModelRuntime runtime = ModelRuntime.of(artifact);

        Progress.say("[5/5] scoring the test file once (" + o.subset() + ")");
        // Every test row: core's runtime must equal Spark's prediction.
        Dataset<Row> testAll = FeatureBuilder.build(reader.test(o.subset()), recipe, false)
                .withColumn(FeatureBuilder.FEATURES, functions.array_to_vector(col(FeatureBuilder.FEATURES)));
        List<Row> scored = ((Dataset<Row>) model.transform(testAll))
                .select(CmapssReader.UNIT, CmapssReader.CYCLE, FeatureBuilder.FEATURES, "prediction").collectAsList();
        double maxDiff = 0;
        Map<Integer, double[]> last = new java.util.TreeMap<>();
        for (Row r : scored) {
            double[] x = ((Vector) r.get(2)).toArray();
            double spark = r.getDouble(3);
            double core = runtime.predict(0, x);
            maxDiff = Math.max(maxDiff, Math.abs(spark - core));
            int unit = r.getInt(0);
            int cycle = r.getInt(1);
            double[] seen = last.get(unit);
            if (seen == null || cycle > seen[0]) {
                last.put(unit, new double[] {cycle, core});
            }
        }
        if (!(maxDiff <= RUNTIME_TOLERANCE)) {
            throw new IllegalStateException("core's runtime differs from Spark by " + maxDiff
                    + " cycles on a test row (allowed " + RUNTIME_TOLERANCE + "): the export is wrong");
        }
        Map<Integer, Integer> truth = new java.util.HashMap<>();
        for (Row r : reader.rul(o.subset()).collectAsList()) {
            truth.put(r.getInt(0), r.getInt(1));
        }
        int n = last.size();
        int[] testUnits = new int[n];
        double[] predicted = new double[n];
        double[] trueRul = new double[n];
        int i = 0;
        for (Map.Entry<Integer, double[]> e : last.entrySet()) {
            Integer t = truth.get(e.getKey());
            if (t == null) {
                throw new IllegalArgumentException("RUL_" + o.subset() + ".txt has no line for test unit " + e.getKey());
            }
            testUnits[i] = e.getKey();
            predicted[i] = e.getValue()[1];
            trueRul[i] = t;
            i++;
        }
        if (truth.size() != n) {
            throw new IllegalArgumentException("RUL_" + o.subset() + ".txt has " + truth.size() + " lines for " + n
                    + " test units");
        }
        double testRmse = Scores.rmse(predicted, Scores.capped(trueRul));
        double uncapped = Scores.rmse(predicted, trueRul);
        double phm = Scores.phm08(predicted, Scores.capped(trueRul));
        metrics.put("test_rmse", testRmse);
        metrics.put("test_rmse_uncapped", uncapped);
        metrics.put("test_phm08", phm);
        metrics.put("runtime_max_abs_diff_vs_spark", maxDiff);
        artifact = artifact.withMetrics(metrics);
        train.unpersist();
        features.unpersist();
        withFold.unpersist();
        return new Result(artifact, cv, best.candidate(), testRmse, uncapped, phm, testUnits, predicted, trueRul,
                maxDiff, scored.size(), trainSeconds);
    }

    private static Dataset<Row> labelled(Dataset<Row> features) {
        return features
                .withColumn("label", least(col(CmapssReader.RUL), lit((int) Scores.CAP)).cast("double"))
                .withColumn(FeatureBuilder.FEATURES, functions.array_to_vector(col(FeatureBuilder.FEATURES)));
    }

    /** Versions are the UTC creation time as yyyyMMddHHmmss: readable, and increasing. */
    static long version(Instant t) {
        return Long.parseLong(DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC).format(t));
    }

    private String fingerprint(String file) {
        Path p = new Path(file);
        try {
            FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            try (InputStream in = fs.open(p)) {
                byte[] buf = new byte[1 << 16];
                int r;
                while ((r = in.read(buf)) > 0) {
                    sha.update(buf, 0, r);
                }
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
