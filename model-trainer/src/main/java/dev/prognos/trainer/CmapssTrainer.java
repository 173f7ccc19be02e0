package dev.prognos.trainer;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.get;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

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
import org.apache.spark.ml.classification.RandomForestClassificationModel;
import org.apache.spark.ml.functions;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Column;
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
 *
 * <p>Beside the RUL regressor, a random-forest classifier learns whether the unit fails within
 * {@code horizon} cycles; its probability is the artifact's second output, and its threshold is
 * the one with the best F1 on the out-of-fold predictions of the same cross-validation.
 */
public final class CmapssTrainer {

    /**
     * Default windows over the normalised sensors, in cycles. 120 gives the long view of the life
     * (ewm of span 120, slope and drift from the baseline over the last 120 cycles): unit-grouped CV
     * on FD001's training file 9.60 against 10.50 with 10 and 30 only (CmapssExperiment, BENCHMARKS.md).
     */
    static final List<Integer> WINDOWS = List.of(10, 30, 120);
    static final List<String> STATISTICS = List.of("ewm", "slope", "delta");
    /** Largest difference allowed between core's runtime and Spark on the same row (cycles, or probability). */
    static final double RUNTIME_TOLERANCE = 1e-9;
    static final String RUL_OUTPUT = "rul";
    static final String FAILURE_OUTPUT = "failure_probability";

    /**
     * @param location   directory with train_, test_ and RUL_&lt;subset&gt;.txt
     * @param subset     e.g. FD001
     * @param assetType  asset type written into the artifact
     * @param grid       candidates compared by cross-validation
     * @param folds      number of unit-grouped folds (at least 2)
     * @param maxUnits   train on units 1..maxUnits only (0: all); for quick tests
     * @param seed       random seed for folds and learners
     * @param windows    feature windows, in cycles
     * @param statistics feature statistics (core's {@link FeatureSpec#STATISTICS})
     * @param horizon    the classifier's horizon: failure within this many cycles (0: no classifier)
     * @param classifier the classifier's random-forest setting
     * @param selectOnly stop after cross-validation: no refit, the test file is not read
     */
    public record Options(String location, String subset, String assetType, List<Candidate> grid, int folds,
                          int maxUnits, long seed, List<Integer> windows, List<String> statistics, int horizon,
                          Candidate classifier, boolean selectOnly) {
        public Options {
            if (folds < 2) {
                throw new IllegalArgumentException("--folds must be at least 2, got " + folds);
            }
            if (horizon < 0) {
                throw new IllegalArgumentException("--horizon must be 0 (no classifier) or more cycles, got " + horizon);
            }
            if (classifier != null && !classifier.algorithm().equals("rf")) {
                throw new IllegalArgumentException("--classifier must be a random forest (rf:...), got " + classifier);
            }
            // Validates windows and statistics with core's own rules (names them when wrong).
            new FeatureSpec(List.of("x"), List.of(), windows, statistics, List.of());
        }
    }

    /** One row of the cross-validation table. */
    public record CvRow(String candidate, double meanRmse, double[] foldRmse, double seconds) {
    }

    /** The failure classifier's figures: threshold from out-of-fold predictions, precision and recall on the test units. */
    public record Classification(int horizon, double threshold, double cvPrecision, double cvRecall,
                                 double precision, double recall, int truePositives, int falsePositives,
                                 int falseNegatives, double[] probability) {
    }

    /** Everything a run produced. artifact and the test fields are null/empty after a select-only run. */
    public record Result(ModelArtifact artifact, List<CvRow> cv, String best, double rmse, double rmseUncapped,
                         double phm08, int[] testUnits, double[] predicted, double[] trueRul,
                         double maxRuntimeDifference, long testRows, double trainSeconds,
                         Classification classification, List<String> featureNames, double[] importances) {
    }

    private final SparkSession spark;

    public CmapssTrainer(SparkSession spark) {
        this.spark = spark;
    }

    public Result run(Options o) {
        long start = System.nanoTime();
        long cpuStart = processCpuNanos();
        boolean classify = o.horizon() > 0 && o.classifier() != null;
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
        FeatureSpec spec = new FeatureSpec(cond.inputs(), CmapssReader.SETTINGS, o.windows(), o.statistics(), List.of("age"));
        FeatureRecipe recipe = new FeatureRecipe(spec, cond.preprocessing());

        // Folds by unit: shuffled with the seed, dealt round-robin.
        List<Integer> units = new ArrayList<>(train.select(CmapssReader.UNIT).distinct()
                .as(org.apache.spark.sql.Encoders.INT()).collectAsList());
        Collections.sort(units);
        Collections.shuffle(units, new Random(o.seed()));
        List<Row> foldRows = new ArrayList<>();
        for (int i = 0; i < units.size(); i++) {
            foldRows.add(RowFactory.create(units.get(i), i % o.folds()));
        }
        Dataset<Row> foldOf = spark.createDataFrame(foldRows, new StructType()
                .add(CmapssReader.UNIT, DataTypes.IntegerType).add("fold", DataTypes.IntegerType));
        // One cached table for selection and refit: features, both labels and the fold, in as many
        // partitions as there are cores (more only adds scheduling per tree level).
        Dataset<Row> data = labelled(FeatureBuilder.build(train, recipe, false), o.horizon())
                .join(broadcast(foldOf), CmapssReader.UNIT)
                .coalesce(spark.sparkContext().defaultParallelism())
                .cache();
        long rows = data.count();
        train.unpersist();
        Progress.say("      " + spec.featureCount() + " features (" + cond.inputs().size() + " sensors × windows "
                + o.windows() + " × " + o.statistics() + " + age), " + cond.preprocessing().conditionCount()
                + " condition(s), " + rows + " training rows");

        Progress.say("[3/5] cross-validation grouped by unit: " + o.grid().size() + " candidate(s) × " + o.folds()
                + " folds, " + units.size() + " units" + (classify ? "; classifier " + o.classifier()
                + " (failure within " + o.horizon() + " cycles) on the same folds" : ""));
        GroupedCv.Outcome selected = GroupedCv.run(data, o.grid(), o.folds(), classify ? o.classifier() : null, o.seed());
        List<CvRow> cv = selected.rows();
        CvRow best = selected.bestRow();
        Candidate bestCandidate = selected.best();
        double threshold = selected.threshold();
        double[] cvPr = {selected.cvPrecision(), selected.cvRecall()};
        if (o.selectOnly()) {
            data.unpersist();
            return new Result(null, cv, best.candidate(), Double.NaN, Double.NaN, Double.NaN, new int[0], new double[0],
                    new double[0], Double.NaN, 0, (System.nanoTime() - start) / 1e9, null, spec.featureNames(), null);
        }

        Progress.say("[4/5] refitting " + bestCandidate + (classify ? " and the classifier" : "") + " on all "
                + units.size() + " training units");
        Candidate.Fitted fitted = bestCandidate.fit(data, o.seed());
        ModelBody body = fitted.body();
        double[] importances = fitted.importances();
        List<ModelOutput> outputs = new ArrayList<>();
        outputs.add(new ModelOutput(RUL_OUTPUT, "cycles", ModelOutput.IDENTITY, body));
        RandomForestClassificationModel classifier = null;
        if (classify) {
            classifier = o.classifier().rfClassifier(o.seed()).fit(data);
            outputs.add(new ModelOutput(FAILURE_OUTPUT, "probability", ModelOutput.IDENTITY,
                    SparkTreeExport.probabilityOf(classifier)));
        }
        data.unpersist();
        double trainSeconds = (System.nanoTime() - start) / 1e9;
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("cv_rmse", best.meanRmse());
        metrics.put("cv_folds", (double) o.folds());
        metrics.put("target_cap_cycles", Scores.CAP);
        metrics.put("train_seconds", trainSeconds);
        // In local mode the executors run in this JVM: its CPU time is the training's, whatever else
        // the machine is doing (wall time on a shared machine mostly measures the neighbours).
        metrics.put("train_cpu_seconds", (processCpuNanos() - cpuStart) / 1e9);
        if (classify) {
            metrics.put("failure_horizon_cycles", (double) o.horizon());
            metrics.put("failure_threshold", threshold);
            metrics.put("cv_failure_precision", cvPr[0]);
            metrics.put("cv_failure_recall", cvPr[1]);
        }
        ModelArtifact artifact = ModelArtifact.unsigned("cmapss-" + o.subset().toLowerCase(Locale.ROOT) + "-rul",
                version(Instant.now()), o.assetType(), Instant.now().toString(),
                new TrainingData("C-MAPSS " + o.subset() + " train_" + o.subset() + ".txt, " + units.size()
                        + " units", fingerprint(o.location() + "/train_" + o.subset() + ".txt"), trainRows),
                spec, cond.preprocessing(), outputs, metrics);
        ModelRuntime runtime = ModelRuntime.of(artifact);

        Progress.say("[5/5] scoring the test file once (" + o.subset() + ")");
        // Every test row: core's runtime must equal Spark's prediction, for every output.
        Dataset<Row> testAll = FeatureBuilder.build(reader.test(o.subset()), recipe, false)
                .withColumn(FeatureBuilder.FEATURES, functions.array_to_vector(col(FeatureBuilder.FEATURES)));
        Dataset<Row> scoredDf = fitted.transform().apply(testAll);
        Column probability = lit(Double.NaN);
        if (classifier != null) {
            scoredDf = classifier.setPredictionCol("failure_prediction").setRawPredictionCol("failure_raw")
                    .setProbabilityCol("failure_probability").transform(scoredDf);
            probability = get(functions.vector_to_array(col("failure_probability"), "float64"), lit(1));
        }
        List<Row> scored = scoredDf.select(col(CmapssReader.UNIT), col(CmapssReader.CYCLE), col(FeatureBuilder.FEATURES),
                col("prediction"), probability).collectAsList();
        double maxDiff = 0;
        Map<Integer, double[]> last = new java.util.TreeMap<>();
        int fo = runtime.outputIndex(FAILURE_OUTPUT);
        for (Row r : scored) {
            double[] x = ((Vector) r.get(2)).toArray();
            double core = runtime.predict(0, x);
            maxDiff = Math.max(maxDiff, Math.abs(r.getDouble(3) - core));
            double p = Double.NaN;
            if (fo >= 0) {
                p = runtime.predict(fo, x);
                maxDiff = Math.max(maxDiff, Math.abs(r.getDouble(4) - p));
            }
            int unit = r.getInt(0);
            int cycle = r.getInt(1);
            double[] seen = last.get(unit);
            if (seen == null || cycle > seen[0]) {
                last.put(unit, new double[] {cycle, core, p});
            }
        }
        if (!(maxDiff <= RUNTIME_TOLERANCE)) {
            throw new IllegalStateException("core's runtime differs from Spark by " + maxDiff
                    + " on a test row (allowed " + RUNTIME_TOLERANCE + "): the export is wrong");
        }
        Map<Integer, Integer> truth = new java.util.HashMap<>();
        for (Row r : reader.rul(o.subset()).collectAsList()) {
            truth.put(r.getInt(0), r.getInt(1));
        }
        int n = last.size();
        int[] testUnits = new int[n];
        double[] predicted = new double[n];
        double[] trueRul = new double[n];
        double[] prob = new double[n];
        int i = 0;
        for (Map.Entry<Integer, double[]> e : last.entrySet()) {
            Integer t = truth.get(e.getKey());
            if (t == null) {
                throw new IllegalArgumentException("RUL_" + o.subset() + ".txt has no line for test unit " + e.getKey());
            }
            testUnits[i] = e.getKey();
            predicted[i] = e.getValue()[1];
            prob[i] = e.getValue()[2];
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
        Classification classification = null;
        if (classify) {
            int tp = 0;
            int fp = 0;
            int fn = 0;
            for (int k = 0; k < n; k++) {
                boolean actual = trueRul[k] <= o.horizon();
                boolean said = prob[k] >= threshold;
                tp += actual && said ? 1 : 0;
                fp += !actual && said ? 1 : 0;
                fn += actual && !said ? 1 : 0;
            }
            double precision = tp + fp == 0 ? Double.NaN : (double) tp / (tp + fp);
            double recall = tp + fn == 0 ? Double.NaN : (double) tp / (tp + fn);
            metrics.put("test_failure_precision", precision);
            metrics.put("test_failure_recall", recall);
            classification = new Classification(o.horizon(), threshold, cvPr[0], cvPr[1], precision, recall, tp, fp, fn,
                    prob);
        }
        artifact = artifact.withMetrics(metrics);
        return new Result(artifact, cv, best.candidate(), testRmse, uncapped, phm, testUnits, predicted, trueRul,
                maxDiff, scored.size(), trainSeconds, classification, spec.featureNames(), importances);
    }

    private static Dataset<Row> labelled(Dataset<Row> features, int horizon) {
        return features
                .withColumn("label", least(col(CmapssReader.RUL), lit((int) Scores.CAP)).cast("double"))
                .withColumn(Candidate.FAILURE, when(col(CmapssReader.RUL).leq(horizon), 1.0).otherwise(0.0))
                .withColumn(FeatureBuilder.FEATURES, functions.array_to_vector(col(FeatureBuilder.FEATURES)));
    }

    /** CPU time of this JVM (all threads), ns; -1 where the JVM cannot tell. */
    static long processCpuNanos() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : -1;
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
