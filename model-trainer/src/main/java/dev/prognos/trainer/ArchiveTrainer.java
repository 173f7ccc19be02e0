package dev.prognos.trainer;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.get;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.stddev_samp;
import static org.apache.spark.sql.functions.when;

import dev.prognos.core.model.FeatureSpec;
import dev.prognos.core.model.ModelArtifact;
import dev.prognos.core.model.ModelBody;
import dev.prognos.core.model.ModelOutput;
import dev.prognos.core.model.ModelRuntime;
import dev.prognos.core.model.Preprocessing;
import dev.prognos.core.model.TrainingData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.spark.ml.classification.RandomForestClassificationModel;
import org.apache.spark.ml.functions;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Trains the RUL model and the failure-within-horizon classifier of one asset type on the stream
 * processor's training archive (Parquet, one row per device and window), labelled with failure times
 * ({@link FailureRecords}), and scores them on held-out devices as the stream would.
 *
 * <ol>
 *   <li>Samples: each device's on-time windows (retroactive ones are left out: the stream's model
 *       never sees them), each reading's window mean at the window's end: exactly what the stream
 *       keeps as the model's history. A window belongs to the life whose failure is the first at or
 *       after its end; windows after a device's last failure (no failure yet) are not used.</li>
 *   <li>Labels: RUL in hours to that failure, capped at {@code rulCap}; failure within {@code horizon}.</li>
 *   <li>A share of the devices is held out; the rest are dealt into folds by device. Normalisation
 *       (plain z-scoring: pumps have no operating settings) from the training devices only.</li>
 *   <li>Features with core's {@link dev.prognos.core.model.SlidingFeatures} through
 *       {@link FeatureBuilder}, time = window end (slopes per second, as in the stream); only
 *       statistics of the last N windows (no ewm, delta, age: the stream replays only the last
 *       windows of a device and does not know where its life began).</li>
 *   <li>Selection ({@link GroupedCv}), refit, export with {@link SparkTreeExport}; on the held-out
 *       devices core's runtime must equal Spark on every row, then each life is replayed window by
 *       window: an alert when the failure probability reaches the chosen threshold or the RUL falls
 *       below the horizon (the stream's model detector with those two settings).</li>
 * </ol>
 */
public final class ArchiveTrainer {

    static final List<Integer> WINDOWS = List.of(10, 30);
    static final List<String> STATISTICS = List.of("mean", "std", "slope", "max");
    static final String RUL_UNIT = "h";
    static final double MS_PER_HOUR = 3_600_000.0;
    private static final String DEVICE = "device";
    private static final String END = "window_end_ms";
    private static final String RUL_H = "rul_h";

    /**
     * @param archive    the archive's root directory (a Spark path: local, hdfs://, s3a://)
     * @param failures   failure times CSV
     * @param failureFaults with a fault column, the faults whose rows are failures (empty: every row)
     * @param assetType  asset type to train for; null: the archive's only one
     * @param holdout    share of the devices with a failure held out for the final scoring (0.05 to 0.9)
     * @param horizon    the classifier's horizon, and the RUL below which the detection counts an alert
     * @param rulCap     training target cap
     */
    public record Options(String archive, Path failures, java.util.Set<String> failureFaults, String assetType, List<Candidate> grid, int folds, long seed,
                          List<Integer> windows, List<String> statistics, Duration horizon, Duration rulCap,
                          double holdout, Candidate classifier) {
        public Options {
            if (folds < 2) {
                throw new IllegalArgumentException("--folds must be at least 2, got " + folds);
            }
            if (!(holdout >= 0.05 && holdout <= 0.9)) {
                throw new IllegalArgumentException("--holdout must be between 0.05 and 0.9, got " + holdout);
            }
            if (horizon.isNegative() || horizon.isZero()) {
                throw new IllegalArgumentException("--failure-horizon must be above zero, got " + horizon);
            }
            if (rulCap.compareTo(horizon) <= 0) {
                throw new IllegalArgumentException("--rul-cap must be above --failure-horizon, got " + rulCap + " and " + horizon);
            }
            if (classifier == null || !classifier.algorithm().equals("rf")) {
                throw new IllegalArgumentException("--classifier must be a random forest (rf:...), got " + classifier);
            }
            for (String s : statistics) {
                if (s.equals("ewm") || s.equals("delta")) {
                    throw new IllegalArgumentException("--statistics: '" + s + "' depends on a device's whole life, which "
                            + "the stream does not replay; with --archive use mean, std, slope, min, max");
                }
            }
            new FeatureSpec(List.of("x"), List.of(), windows, statistics, List.of());
        }

        double horizonHours() {
            return horizon.toMillis() / MS_PER_HOUR;
        }

        double capHours() {
            return rulCap.toMillis() / MS_PER_HOUR;
        }
    }

    /**
     * Detection on the held-out lives.
     *
     * @param lives          held-out lives (each ends in a failure)
     * @param detected       lives with an alert between the onset (or the life's start) and the failure
     * @param medianLeadHours median of failure − first such alert, hours (NaN when none)
     * @param leadsHours     every lead time, hours, ascending
     * @param withOnset      lives whose onset is recorded
     * @param alertedHealthy of those, lives with an alert before the onset (false alarms)
     */
    public record Detection(int lives, int detected, double medianLeadHours, double[] leadsHours, int withOnset,
                            int alertedHealthy) {
    }

    /** What a run produced. */
    public record Result(ModelArtifact artifact, String assetType, GroupedCv.Outcome cv, List<String> trainDevices,
                         List<String> heldOutDevices, long trainRows, long heldOutRows, double heldOutRmseHours,
                         Detection detection, Detection probabilityOnly, double maxRuntimeDifference, double trainSeconds,
                         List<String> featureNames, double[] importances) {
    }

    private final SparkSession spark;

    public ArchiveTrainer(SparkSession spark) {
        this.spark = spark;
    }

    public Result run(Options o) throws IOException {
        long start = System.nanoTime();
        List<FailureRecords.Life> lives = FailureRecords.read(o.failures(), o.failureFaults());
        Dataset<Row> archive;
        try {
            archive = spark.read().parquet(o.archive());
        } catch (Exception e) {
            if (e instanceof AnalysisException || e.getCause() instanceof AnalysisException) {
                throw new IllegalArgumentException("--archive " + o.archive() + " holds no readable Parquet archive ("
                        + e.getMessage().lines().findFirst().orElse("") + ")");
            }
            throw e;
        }
        List<String> assets = archive.select("asset").distinct().as(Encoders.STRING()).collectAsList();
        String asset = o.assetType();
        if (asset == null && assets.size() != 1) {
            throw new IllegalArgumentException("--archive " + o.archive() + " holds asset types " + assets
                    + ": choose one with --asset");
        }
        if (asset == null) {
            asset = assets.get(0);
        } else if (!assets.contains(asset)) {
            throw new IllegalArgumentException("--asset " + asset + ": the archive holds only " + assets);
        }
        Progress.say("[1/5] archive " + o.archive() + ": asset type " + asset + ", " + archive.inputFiles().length
                + " Parquet file(s); failures " + o.failures() + ": " + lives.size() + " life(s)");

        // Each reading's window mean per device and on-time window, one column per reading.
        Dataset<Row> readings = archive.filter(col("asset").equalTo(asset)).filter(not(col("retroactive")))
                .select(col(DEVICE), col(END), col("features")).dropDuplicates(DEVICE, END)
                .select(col(DEVICE), col(END), explode(col("features")).as(new String[] {"reading", "stats"}))
                .filter(col("stats.count").gt(0))
                .select(col(DEVICE), col(END), col("reading"), col("stats.mean").as("mean"));
        List<String> names = new ArrayList<>(readings.select("reading").distinct().as(Encoders.STRING()).collectAsList());
        Collections.sort(names);
        Dataset<Row> wide = readings.groupBy(DEVICE, END).pivot("reading", new ArrayList<>(names)).agg(first("mean"));

        // Lives as units: windows up to and including their failure, after the previous one.
        List<Row> lifeRows = new ArrayList<>();
        Map<Integer, FailureRecords.Life> lifeOf = new HashMap<>();
        for (int u = 0; u < lives.size(); u++) {
            FailureRecords.Life l = lives.get(u);
            lifeRows.add(RowFactory.create(l.device(), u, l.startMs(), l.failureMs()));
            lifeOf.put(u, l);
        }
        Dataset<Row> lifeDf = spark.createDataFrame(lifeRows, new StructType().add(DEVICE, DataTypes.StringType)
                .add(CmapssReader.UNIT, DataTypes.IntegerType).add("start_ms", DataTypes.LongType)
                .add("failure_ms", DataTypes.LongType));
        List<Column> cols = new ArrayList<>(List.of(col(DEVICE), col(CmapssReader.UNIT),
                // Seconds before the failure: FeatureBuilder takes cycle × 1000 as the time in ms, so slopes are
                // per second of event time as in the stream (exact for windows of whole seconds).
                floor(col(END).minus(col("failure_ms")).divide(1000)).cast("int").as(CmapssReader.CYCLE),
                col(END), col("failure_ms").minus(col(END)).divide(MS_PER_HOUR).as(RUL_H)));
        for (String n : names) {
            cols.add(coalesce(col(n), lit(Double.NaN)).as(n));
        }
        Dataset<Row> labelled = wide.join(broadcast(lifeDf), DEVICE)
                .filter(col(END).gt(col("start_ms")).and(col(END).leq(col("failure_ms"))))
                .select(cols.toArray(Column[]::new)).cache();

        List<String> devices = new ArrayList<>(labelled.select(DEVICE).distinct().as(Encoders.STRING()).collectAsList());
        Collections.sort(devices);
        int heldCount = (int) Math.round(devices.size() * o.holdout());
        heldCount = Math.max(1, Math.min(heldCount, devices.size() - o.folds()));
        if (devices.size() < o.folds() + 1) {
            throw new IllegalArgumentException("the archive holds windows before a recorded failure for " + devices.size()
                    + " device(s) of " + asset + " " + devices + "; need at least " + (o.folds() + 1) + " (" + o.folds()
                    + " folds and one held out)");
        }
        List<String> shuffled = new ArrayList<>(devices);
        Collections.shuffle(shuffled, new Random(o.seed()));
        List<String> heldOut = new ArrayList<>(shuffled.subList(0, heldCount));
        List<String> trainDevices = new ArrayList<>(shuffled.subList(heldCount, shuffled.size()));
        Collections.sort(heldOut);
        List<Row> foldRows = new ArrayList<>();
        for (int i = 0; i < trainDevices.size(); i++) {
            foldRows.add(RowFactory.create(trainDevices.get(i), i % o.folds()));
        }
        Dataset<Row> foldOf = spark.createDataFrame(foldRows, new StructType().add(DEVICE, DataTypes.StringType)
                .add("fold", DataTypes.IntegerType));
        Progress.say("      " + devices.size() + " device(s) with a failure: " + trainDevices.size() + " to train ("
                + o.folds() + " folds by device), held out " + heldOut);

        Progress.say("[2/5] normalisation (training devices only)");
        Dataset<Row> trainWindows = labelled.join(broadcast(foldOf.select(DEVICE)), DEVICE);
        List<Column> aggs = new ArrayList<>();
        for (String n : names) {
            // NaN (a reading missing from a window) must not poison the statistics.
            Column v = when(col(n).isNaN(), lit(null)).otherwise(col(n));
            aggs.add(avg(v));
            aggs.add(stddev_samp(v));
        }
        Row stats = trainWindows.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new)).first();
        List<String> inputs = new ArrayList<>();
        List<Double> means = new ArrayList<>();
        List<Double> stds = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            if (stats.isNullAt(2 * i) || stats.isNullAt(2 * i + 1)) {
                continue;
            }
            double m = stats.getDouble(2 * i);
            double s = stats.getDouble(2 * i + 1);
            if (s > ConditionFit.CONSTANT * Math.max(1, Math.abs(m))) {
                inputs.add(names.get(i));
                means.add(m);
                stds.add(s);
            }
        }
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("no reading of " + asset + " varies in the archive " + names);
        }
        Preprocessing pre = new Preprocessing(new double[0], new double[][] {new double[0]},
                new double[][] {means.stream().mapToDouble(Double::doubleValue).toArray()},
                new double[][] {stds.stream().mapToDouble(Double::doubleValue).toArray()});
        FeatureSpec spec = new FeatureSpec(inputs, List.of(), o.windows(), o.statistics(), List.of());
        FeatureRecipe recipe = new FeatureRecipe(spec, pre);
        Progress.say("      inputs " + inputs + " (dropped as constant: " + names.stream().filter(n -> !inputs.contains(n)).toList()
                + "); " + spec.featureCount() + " features");

        List<Column> featureInput = new ArrayList<>(List.of(col(CmapssReader.UNIT), col(CmapssReader.CYCLE)));
        inputs.forEach(n -> featureInput.add(col(n)));
        Dataset<Row> features = FeatureBuilder.build(labelled.select(featureInput.toArray(Column[]::new)), recipe, false)
                .drop(CmapssReader.RUL)
                .join(labelled.select(col(CmapssReader.UNIT), col(CmapssReader.CYCLE), col(DEVICE), col(END), col(RUL_H)),
                        scala.jdk.javaapi.CollectionConverters.asScala(List.of(CmapssReader.UNIT, CmapssReader.CYCLE)).toSeq())
                .withColumn("label", least(col(RUL_H), lit(o.capHours())))
                .withColumn(Candidate.FAILURE, when(col(RUL_H).leq(o.horizonHours()), 1.0).otherwise(0.0))
                .withColumn(FeatureBuilder.FEATURES, functions.array_to_vector(col(FeatureBuilder.FEATURES)));
        Dataset<Row> data = features.join(broadcast(foldOf), DEVICE)
                .coalesce(spark.sparkContext().defaultParallelism()).cache();
        long trainRows = data.count();
        Dataset<Row> held = features.filter(col(DEVICE).isin(heldOut.toArray())).cache();
        long heldRows = held.count();
        labelled.unpersist();

        Progress.say("[3/5] cross-validation grouped by device: " + o.grid().size() + " candidate(s) × " + o.folds()
                + " folds, " + trainRows + " training windows; classifier " + o.classifier() + " (failure within "
                + o.horizon() + ")");
        GroupedCv.Outcome cv = GroupedCv.run(data, o.grid(), o.folds(), o.classifier(), o.seed());

        Progress.say("[4/5] refitting " + cv.best() + " and the classifier on the " + trainDevices.size() + " training devices");
        Candidate.Fitted fitted = cv.best().fit(data, o.seed());
        ModelBody body = fitted.body();
        double[] importances = fitted.importances();
        RandomForestClassificationModel classifier = o.classifier().rfClassifier(o.seed()).fit(data);
        data.unpersist();
        List<ModelOutput> outputs = List.of(new ModelOutput(CmapssTrainer.RUL_OUTPUT, RUL_UNIT, ModelOutput.IDENTITY, body),
                new ModelOutput(CmapssTrainer.FAILURE_OUTPUT, "probability", ModelOutput.IDENTITY,
                        SparkTreeExport.probabilityOf(classifier)));
        double trainSeconds = (System.nanoTime() - start) / 1e9;
        String description = String.format(Locale.ROOT, "prognos archive %s, asset %s, %d training devices, failures %s",
                o.archive(), asset, trainDevices.size(), o.failures().getFileName());
        ModelArtifact artifact = ModelArtifact.unsigned("archive-" + asset + "-rul", CmapssTrainer.version(Instant.now()),
                asset, Instant.now().toString(), new TrainingData(description, fingerprint(archive.inputFiles(), o.failures()),
                        trainRows), spec, pre, outputs, Map.of());
        ModelRuntime runtime = ModelRuntime.of(artifact);

        Progress.say("[5/5] scoring the " + heldOut.size() + " held-out device(s) once, window by window");
        Dataset<Row> scoredDf = classifier.setPredictionCol("failure_prediction").setRawPredictionCol("failure_raw")
                .setProbabilityCol("failure_p").transform(fitted.transform().apply(held));
        List<Row> scored = scoredDf.select(col(CmapssReader.UNIT), col(CmapssReader.CYCLE), col(END), col(RUL_H),
                col(FeatureBuilder.FEATURES), col("prediction"),
                get(functions.vector_to_array(col("failure_p"), "float64"), lit(1))).collectAsList();
        held.unpersist();
        int fo = runtime.outputIndex(CmapssTrainer.FAILURE_OUTPUT);
        double maxDiff = 0;
        double sq = 0;
        Map<Integer, List<double[]>> perUnit = new TreeMap<>();
        for (Row r : scored) {
            double[] x = ((Vector) r.get(4)).toArray();
            double rul = runtime.predict(0, x);
            double p = runtime.predict(fo, x);
            maxDiff = Math.max(maxDiff, Math.max(Math.abs(rul - r.getDouble(5)), Math.abs(p - r.getDouble(6))));
            double truth = Math.min(r.getDouble(3), o.capHours());
            sq += (rul - truth) * (rul - truth);
            perUnit.computeIfAbsent(r.getInt(0), u -> new ArrayList<>()).add(new double[] {r.getLong(2), rul, p});
        }
        if (!(maxDiff <= CmapssTrainer.RUNTIME_TOLERANCE)) {
            throw new IllegalStateException("core's runtime differs from Spark by " + maxDiff + " on a held-out row (allowed "
                    + CmapssTrainer.RUNTIME_TOLERANCE + "): the export is wrong");
        }
        double heldRmse = Math.sqrt(sq / Math.max(1, scored.size()));
        Detection both = detect(perUnit, lifeOf, cv.threshold(), o.horizonHours());
        Detection probabilityOnly = detect(perUnit, lifeOf, cv.threshold(), Double.NEGATIVE_INFINITY);

        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("cv_rmse_hours", cv.bestRow().meanRmse());
        metrics.put("cv_folds", (double) o.folds());
        metrics.put("target_cap_hours", o.capHours());
        metrics.put("failure_horizon_hours", o.horizonHours());
        metrics.put("failure_threshold", cv.threshold());
        metrics.put("cv_failure_precision", cv.cvPrecision());
        metrics.put("cv_failure_recall", cv.cvRecall());
        metrics.put("train_seconds", trainSeconds);
        metrics.put("train_windows", (double) trainRows);
        metrics.put("heldout_devices", (double) heldOut.size());
        metrics.put("heldout_windows", (double) heldRows);
        metrics.put("heldout_rmse_hours", heldRmse);
        metrics.put("heldout_detected_fraction", both.lives() == 0 ? Double.NaN : (double) both.detected() / both.lives());
        metrics.put("heldout_median_lead_hours", both.medianLeadHours());
        metrics.put("runtime_max_abs_diff_vs_spark", maxDiff);
        artifact = artifact.withMetrics(metrics);
        return new Result(artifact, asset, cv, trainDevices, heldOut, trainRows, heldRows, heldRmse, both, probabilityOnly,
                maxDiff, trainSeconds, spec.featureNames(), importances);
    }

    /**
     * Replays each held-out life window by window: an alert when the probability reaches
     * {@code threshold} or the RUL falls below {@code rulHorizonHours}.
     *
     * @param perUnit per life, rows {window end ms, RUL (h), failure probability} in any order
     */
    static Detection detect(Map<Integer, List<double[]>> perUnit, Map<Integer, FailureRecords.Life> lifeOf,
                            double threshold, double rulHorizonHours) {
        int detected = 0;
        int withOnset = 0;
        int alertedHealthy = 0;
        List<Double> leads = new ArrayList<>();
        for (Map.Entry<Integer, List<double[]>> e : perUnit.entrySet()) {
            FailureRecords.Life life = lifeOf.get(e.getKey());
            List<double[]> rows = new ArrayList<>(e.getValue());
            rows.sort((a, b) -> Double.compare(a[0], b[0]));
            boolean onsetKnown = life.onsetMs() != Long.MIN_VALUE;
            withOnset += onsetKnown ? 1 : 0;
            boolean healthyAlert = false;
            Double lead = null;
            for (double[] r : rows) {
                boolean alert = r[2] >= threshold || r[1] < rulHorizonHours;
                if (!alert) {
                    continue;
                }
                if (onsetKnown && r[0] < life.onsetMs()) {
                    healthyAlert = true;
                } else if (lead == null && r[0] <= life.failureMs()) {
                    lead = (life.failureMs() - r[0]) / MS_PER_HOUR;
                }
            }
            alertedHealthy += healthyAlert ? 1 : 0;
            if (lead != null) {
                detected++;
                leads.add(lead);
            }
        }
        double[] sorted = leads.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double median = sorted.length == 0 ? Double.NaN : sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        return new Detection(perUnit.size(), detected, median, sorted, withOnset, alertedHealthy);
    }

    /** Writes {@code <root>/<asset>/<version>/model.json} and {@code metrics.json}, as the C-MAPSS path does. */
    static Path writeRegistry(Path root, ModelArtifact signed, Result r) throws IOException {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("chosen", r.cv().best().toString());
        details.put("crossValidation", r.cv().rows());
        details.put("trainDevices", r.trainDevices());
        details.put("heldOutDevices", r.heldOutDevices());
        details.put("detection", r.detection());
        details.put("detectionProbabilityOnly", r.probabilityOnly());
        return ModelRegistry.write(root, signed, details);
    }

    /** SHA-256 over the archive's file names (part files are immutable once committed) and the failures file. */
    private static String fingerprint(String[] files, Path failures) throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            String[] sorted = files.clone();
            java.util.Arrays.sort(sorted);
            for (String f : sorted) {
                sha.update(f.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) '\n');
            }
            sha.update(Files.readAllBytes(failures));
            return HexFormat.of().formatHex(sha.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
