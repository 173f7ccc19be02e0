package dev.prognos.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.prognos.core.model.FeatureSpec;
import dev.prognos.core.model.ModelKeys;
import dev.prognos.core.model.ModelVerifier;
import dev.prognos.core.model.SlidingFeatures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./prognos train} end to end in Spark local mode on the real FD001 files, kept short for
 * CI: 20 training units, 2 folds, two tiny candidates. The full runs are benchmarks (BENCHMARKS.md).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrainCliTest {

    /** A forest and boosted trees averaged, exported as one weighted ensemble; the weak forest beside it loses. */
    private static final String AVERAGE = "rf:depth=4,trees=8,leaf=5+gbt:depth=2,trees=6,step=0.3,leaf=5";

    @TempDir
    static Path tmp;

    private Path cmapss;
    private Path keys;
    private Path registry;
    private Path predictions;
    private int exit;
    private String stdout;
    private String stderr;

    @BeforeAll
    void train() {
        cmapss = CmapssReaderTest.cmapssDirectory();
        keys = tmp.resolve("keys");
        registry = tmp.resolve("models");
        predictions = tmp.resolve("out/predictions.csv");
        assertThat(KeysCli.run(new String[] {"init", "--dir", keys.toString()}, quiet(), quiet())).isZero();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        exit = TrainCli.run(new String[] {"--cmapss", cmapss.toString(), "--subset", "FD001", "--units", "20",
                "--folds", "2", "--grid", "rf:depth=2,trees=2,leaf=50;" + AVERAGE,
                "--windows", "5,30", "--statistics", "mean,slope,ewm,delta", "--classifier", "rf:depth=4,trees=8,leaf=5",
                "--keys", keys.toString(), "--registry", registry.toString(), "--predictions", predictions.toString(),
                "--master", "local[2]"}, new PrintStream(out, true), new PrintStream(err, true));
        stdout = out.toString(StandardCharsets.UTF_8);
        stderr = err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldPrintExactlyTheThreeResultLines() {
        assertThat(exit).as(stderr).isZero();
        assertThat(stdout.lines().toList()).hasSize(3)
                .satisfiesExactly(
                        l -> assertThat(l).matches("RMSE \\d+\\.\\d{4}"),
                        l -> assertThat(l).matches("RMSE_UNCAPPED \\d+\\.\\d{4}"),
                        l -> assertThat(l).matches("PHM08 \\d+\\.\\d{4}"));
        assertThat(stderr).contains("Cross-validation (grouped by unit").contains("<- chosen")
                .contains("rf:depth=2,trees=2,leaf=50").contains(AVERAGE + " ");
    }

    @Test
    void shouldWriteOnePredictionPerTestEngineThatScoresAsPrinted() throws IOException {
        Map<Integer, Double> predicted = readPredictions();
        assertThat(predicted.keySet()).containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, 100).boxed().toList());
        List<String> truth = Files.readAllLines(cmapss.resolve("RUL_FD001.txt")).stream().map(String::trim)
                .filter(s -> !s.isEmpty()).toList();
        double sq = 0;
        for (int u = 1; u <= 100; u++) {
            double d = predicted.get(u) - Math.min(125, Integer.parseInt(truth.get(u - 1)));
            sq += d * d;
        }
        double printed = Double.parseDouble(stdout.lines().findFirst().orElseThrow().substring(5));
        assertThat(Math.sqrt(sq / 100)).isCloseTo(printed, within(1e-3));
    }

    @Test
    void shouldWriteASignedArtifactThatCoreAloneReproducesFromTheRawTestFile() throws Exception {
        Path dir;
        try (Stream<Path> versions = Files.list(registry.resolve("turbofan"))) {
            dir = versions.findFirst().orElseThrow();
        }
        assertThat(dir.resolve("metrics.json")).exists();
        String report = Files.readString(dir.resolve("report.html"));
        assertThat(report).startsWith("<!DOCTYPE html>").contains("<svg").contains("Failure within 30 cycles")
                .doesNotContain("<script").doesNotContain("src=");
        // One predicted point (radius 3, blue) per test unit in the RUL plot, and one in the probability plot.
        assertThat(report.split("r=\"3.0\" fill=\"#1f5fbf\"", -1)).hasSize(2 * 100 + 1);
        byte[] json = Files.readAllBytes(dir.resolve("model.json"));
        ModelVerifier verifier = ModelVerifier.trusting(ModelKeys.readPublic(keys.resolve(ModelKeys.PUBLIC_FILE)),
                "turbofan", null);
        ModelVerifier.Verdict v = verifier.verify(json, Long.MIN_VALUE);
        assertThat(v.accepted()).as(v.reason()).isTrue();
        assertThat(v.artifact().metrics().get("runtime_max_abs_diff_vs_spark")).isLessThanOrEqualTo(1e-9);
        FeatureSpec spec = v.artifact().featureSpec();
        assertThat(spec.inputs()).contains("s_2", "s_11").doesNotContain("s_1", "s_5", "s_18");
        assertThat(spec.statistics()).containsExactly("mean", "slope", "ewm", "delta");
        assertThat(v.runtime().outputNames()).containsExactly("rul", "failure_probability");
        // The average was chosen: the forest's 8 trees and the 6 boosted ones in one weighted sum.
        assertThat(v.artifact().outputs().get(0).model().aggregation()).isEqualTo("sum");
        assertThat(v.artifact().outputs().get(0).model().trees()).hasSize(14);
        assertThat(v.artifact().metrics()).containsKeys("failure_threshold", "test_failure_precision",
                "test_failure_recall", "cv_failure_precision", "cv_failure_recall");
        assertThat(v.artifact().metrics().get("failure_horizon_cycles")).isEqualTo(30.0);

        // The edge's path: plain Java, the raw test file, core's features and runtime only.
        Map<Integer, SlidingFeatures> units = new TreeMap<>();
        Map<Integer, Double> last = new TreeMap<>();
        List<String> cols = new ArrayList<>(CmapssReader.COLUMNS);
        for (String line : Files.readAllLines(cmapss.resolve("test_FD001.txt"))) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.trim().split("\\s+");
            int unit = Integer.parseInt(f[0]);
            int cycle = Integer.parseInt(f[1]);
            double[] settings = spec.settings().stream().mapToDouble(s -> Double.parseDouble(f[cols.indexOf(s)])).toArray();
            double[] raw = spec.inputs().stream().mapToDouble(s -> Double.parseDouble(f[cols.indexOf(s)])).toArray();
            double[] x = units.computeIfAbsent(unit, u -> new SlidingFeatures(spec, v.artifact().preprocessing()))
                    .next(cycle * 1000L, settings, raw);
            last.put(unit, v.runtime().predict(0, x));
            double p = v.runtime().predict(1, x);
            assertThat(p).isBetween(0.0, 1.0);
        }
        Map<Integer, Double> csv = readPredictions();
        for (Map.Entry<Integer, Double> e : last.entrySet()) {
            assertThat(csv.get(e.getKey())).as("unit %d", e.getKey()).isCloseTo(e.getValue(), within(1e-4));
        }
    }

    @Test
    void shouldRefuseToTrainWithoutASigningKeyAndSayHowToMakeOne() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = TrainCli.run(new String[] {"--cmapss", cmapss.toString(), "--subset", "FD001",
                "--keys", tmp.resolve("no-keys").toString()}, quiet(), new PrintStream(err, true));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no usable signing key").contains("./prognos keys init");
    }

    @Test
    void shouldNotOverwriteAnExistingKeyPairUnlessForced() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(KeysCli.run(new String[] {"init", "--dir", keys.toString()}, quiet(), new PrintStream(err, true)))
                .isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("already holds a key pair");
    }

    private Map<Integer, Double> readPredictions() throws IOException {
        List<String> lines = Files.readAllLines(predictions);
        assertThat(lines.get(0)).isEqualTo("unit,predicted_rul");
        Map<Integer, Double> m = new TreeMap<>();
        for (String l : lines.subList(1, lines.size())) {
            String[] p = l.split(",");
            m.put(Integer.parseInt(p[0]), Double.parseDouble(p[1]));
        }
        return m;
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true);
    }
}
