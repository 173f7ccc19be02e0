package dev.prognos.trainer;

import dev.prognos.core.model.ModelArtifact;
import dev.prognos.core.model.ModelJson;
import dev.prognos.core.model.ModelKeys;
import dev.prognos.core.model.ModelSigner;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;

/**
 * {@code ./prognos train}: trains on a C-MAPSS subset, scores it once on the test file, signs the
 * artifact and writes it to the model registry. Results on stdout ({@code RMSE}, {@code RMSE_UNCAPPED},
 * {@code PHM08}), progress on stderr.
 */
public final class TrainCli {

    /** Default cross-validation grid: compared on the training units only. */
    public static final String DEFAULT_GRID = "rf:depth=10,trees=100,leaf=5;rf:depth=14,trees=100,leaf=5";

    static final String USAGE = """
            Usage: ./prognos train --cmapss DIR --subset FD00X [options]
              --cmapss DIR        directory with train_FD00X.txt, test_FD00X.txt, RUL_FD00X.txt
              --subset FD00X      the subset to train on and score
              --predictions FILE  also write CSV unit,predicted_rul (one row per test engine, its last cycle)
              --grid G            candidates for cross-validation, ';'-separated, e.g.
                                  gbt:depth=5,trees=150,step=0.05,leaf=20;rf:depth=12,trees=200,leaf=5
                                  (default %s)
              --folds K           cross-validation folds, grouped by unit (default 3)
              --units N           train on units 1..N only (default all; for quick checks)
              --asset TYPE        asset type in the artifact (default turbofan)
              --keys DIR          signing key directory (default ~/.prognos/keys; ./prognos keys init)
              --registry DIR      model registry (default .prognos/models): writes DIR/<asset>/<version>/
              --seed S            random seed for folds and learners (default 42)
              --master URL        Spark master when not run by spark-submit (default local[*])
            """.formatted(DEFAULT_GRID);

    private TrainCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        String cmapss = null;
        String subset = null;
        Path predictions = null;
        String grid = DEFAULT_GRID;
        int folds = 3;
        int units = 0;
        String asset = "turbofan";
        Path keys = Path.of(System.getProperty("user.home"), ".prognos", "keys");
        Path registry = Path.of(".prognos", "models");
        long seed = 42;
        String master = "local[*]";
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("-h") || a.equals("--help")) {
                    out.print(USAGE);
                    return 0;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(a + " needs a value");
                }
                String v = args[++i];
                switch (a) {
                    case "--cmapss" -> cmapss = v;
                    case "--subset" -> subset = v;
                    case "--predictions" -> predictions = Path.of(v);
                    case "--grid" -> grid = v;
                    case "--folds" -> folds = Integer.parseInt(v);
                    case "--units" -> units = Integer.parseInt(v);
                    case "--asset" -> asset = v;
                    case "--keys" -> keys = Path.of(v);
                    case "--registry" -> registry = Path.of(v);
                    case "--seed" -> seed = Long.parseLong(v);
                    case "--master" -> master = v;
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
            if (cmapss == null || subset == null) {
                throw new IllegalArgumentException("--cmapss and --subset are required");
            }
        } catch (IllegalArgumentException e) {
            err.println("train: " + e.getMessage() + (e instanceof NumberFormatException ? " (not a number)" : ""));
            err.print(USAGE);
            return 2;
        }
        PrivateKey privateKey;
        String keyId;
        try {
            privateKey = ModelKeys.readPrivate(keys.resolve(ModelKeys.PRIVATE_FILE));
            PublicKey publicKey = ModelKeys.readPublic(keys.resolve(ModelKeys.PUBLIC_FILE));
            keyId = ModelKeys.keyId(publicKey);
        } catch (IOException e) {
            err.println("train: no usable signing key in " + keys + " (" + e.getMessage()
                    + "); create one with ./prognos keys init");
            return 2;
        }
        CmapssTrainer.Options options;
        try {
            options = new CmapssTrainer.Options(cmapss, subset, asset, Candidate.parseAll(grid), folds, units, seed);
        } catch (IllegalArgumentException e) {
            err.println("train: " + e.getMessage());
            return 2;
        }
        SparkSession spark = session(master);
        try {
            CmapssTrainer.Result r = new CmapssTrainer(spark).run(options);
            ModelArtifact signed = ModelSigner.sign(r.artifact(), privateKey, keyId);
            Path dir = ModelRegistry.write(registry, signed, r);
            if (predictions != null) {
                writePredictions(predictions, r);
            }
            summary(err, r, dir);
            out.printf(Locale.ROOT, "RMSE %.4f%n", r.rmse());
            out.printf(Locale.ROOT, "RMSE_UNCAPPED %.4f%n", r.rmseUncapped());
            out.printf(Locale.ROOT, "PHM08 %.4f%n", r.phm08());
            return 0;
        } catch (IllegalArgumentException | IllegalStateException | IOException e) {
            err.println("train: " + e.getMessage());
            return 1;
        } finally {
            spark.stop();
        }
    }

    /**
     * A session for local runs, or the one spark-submit configured. Local runs bind to loopback:
     * Spark otherwise binds to the first network interface.
     */
    static SparkSession session(String master) {
        SparkSession.Builder b = SparkSession.builder().appName("prognos-train");
        if (System.getProperty("spark.master") == null) {
            b.master(master)
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", String.valueOf(Runtime.getRuntime().availableProcessors()));
        }
        SparkSession s = b.getOrCreate();
        s.sparkContext().setLogLevel("WARN");
        return s;
    }

    static void writePredictions(Path file, CmapssTrainer.Result r) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("unit,predicted_rul");
        for (int i = 0; i < r.testUnits().length; i++) {
            lines.add(r.testUnits()[i] + "," + String.format(Locale.ROOT, "%.4f", r.predicted()[i]));
        }
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    static void summary(PrintStream err, CmapssTrainer.Result r, Path dir) {
        err.println();
        err.println("Cross-validation (grouped by unit, training file only):");
        err.printf(Locale.ROOT, "  %-45s %9s %9s  %s%n", "candidate", "mean RMSE", "seconds", "folds");
        for (CmapssTrainer.CvRow row : r.cv()) {
            StringBuilder f = new StringBuilder();
            for (double x : row.foldRmse()) {
                f.append(String.format(Locale.ROOT, "%.2f ", x));
            }
            err.printf(Locale.ROOT, "  %-45s %9.3f %9.1f  %s%s%n", row.candidate(), row.meanRmse(), row.seconds(),
                    f.toString().trim(), row.candidate().equals(r.best()) ? "  <- chosen" : "");
        }
        err.printf(Locale.ROOT, "Training (selection + refit): %.1f s%n", r.trainSeconds());
        err.printf(Locale.ROOT, "Test, once, %d engines at their last cycle: RMSE %.3f (true RUL capped at 125), "
                + "uncapped %.3f, PHM08 %.1f%n", r.testUnits().length, r.rmse(), r.rmseUncapped(), r.phm08());
        err.printf(Locale.ROOT, "core runtime vs Spark on %d test rows: max |difference| %.3g cycles%n",
                r.testRows(), r.maxRuntimeDifference());
        err.println("Artifact: " + dir.resolve(ModelRegistry.MODEL_FILE) + " (version " + r.artifact().version()
                + ", " + r.artifact().name() + ")");
    }
}
