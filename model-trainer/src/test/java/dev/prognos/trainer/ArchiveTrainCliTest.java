package dev.prognos.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prognos.core.model.FeatureSpec;
import dev.prognos.core.model.ModelKeys;
import dev.prognos.core.model.ModelVerifier;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./prognos train --archive} end to end in Spark local mode on a real archive: the Parquet
 * files the stream processor's job wrote for 8 simulated pumps (physics model, bearing wear to
 * failure, 1 reading/s, windows of 10 s) and the simulators' ground truth, in
 * {@code src/test/resources/archive-fixture}. Made with stream-processor's harness:
 * {@code DetectionQualityBench --devices 8 --seed 3 --failure-min PT30M --failure-max PT1H
 * --ground-truth DIR/ground-truth.csv -- --archive-dir file://DIR/archive --checkpoint-interval-ms 60000}.
 * Tiny forests keep it short.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ArchiveTrainCliTest {

    /** Where DetectionQualityBench starts every pump, epoch ms (on a 10 s window boundary). */
    private static final long FLEET_START_MS = 1_795_400_000_000L;
    private static final long WINDOW_MS = 10_000;

    @TempDir
    static Path tmp;

    private Path fixture;
    private Path keys;
    private Path registry;
    private int exit;
    private String stdout;
    private String stderr;

    @BeforeAll
    void train() throws URISyntaxException {
        fixture = Path.of(ArchiveTrainCliTest.class.getResource("/archive-fixture").toURI());
        keys = tmp.resolve("keys");
        registry = tmp.resolve("models");
        assertThat(KeysCli.run(new String[] {"init", "--dir", keys.toString()}, quiet(), quiet())).isZero();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        exit = TrainCli.run(new String[] {"--archive", fixture.resolve("archive").toString(),
                "--failures", fixture.resolve("ground-truth.csv").toString(), "--failure-faults", "bearing-wear",
                "--failure-horizon", "PT10M", "--rul-cap", "PT1H", "--folds", "2", "--windows", "6,30",
                "--grid", "rf:depth=5,trees=8,leaf=5", "--classifier", "rf:depth=5,trees=8,leaf=5",
                "--keys", keys.toString(), "--registry", registry.toString(), "--master", "local[2]"},
                new PrintStream(out, true), new PrintStream(err, true));
        stdout = out.toString(StandardCharsets.UTF_8);
        stderr = err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldPrintTheHeldOutFigures() {
        assertThat(exit).as(stderr).isZero();
        List<String> lines = stdout.lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).matches("HELDOUT_RMSE_H \\d+\\.\\d{4}");
        // 8 pumps, a quarter held out: two lives, each ending in its bearing failure.
        assertThat(lines.get(1)).matches("DETECTED [0-2]/2");
        assertThat(lines.get(2)).matches("MEDIAN_LEAD_H (\\d+\\.\\d{4}|NaN)");
        assertThat(stderr).contains("Cross-validation (grouped by device").contains("<- chosen")
                .contains("--model-failure-threshold");
    }

    @Test
    void shouldWriteASignedArtifactForThePumpsReadingsThatCoreVerifies() throws IOException {
        Path dir = onlyVersionDirectory();
        ModelVerifier.Verdict v = ModelVerifier.trusting(ModelKeys.readPublic(keys.resolve(ModelKeys.PUBLIC_FILE)),
                "centrifugal-pump", null).verify(Files.readAllBytes(dir.resolve("model.json")), Long.MIN_VALUE);

        assertThat(v.accepted()).as(v.reason()).isTrue();
        FeatureSpec spec = v.artifact().featureSpec();
        // Every reading the simulated pumps send varies; no settings, no age: the stream cannot know a life's start.
        assertThat(spec.inputs()).containsExactly("bearing_temp_c", "motor_current_a", "vib_kurtosis", "vib_peak_mm_s",
                "vib_rms_mm_s");
        assertThat(spec.settings()).isEmpty();
        assertThat(spec.extras()).isEmpty();
        assertThat(spec.windows()).containsExactly(6, 30);
        assertThat(spec.statistics()).containsExactly("mean", "std", "slope", "max");
        assertThat(v.runtime().outputNames()).containsExactly("rul", "failure_probability");
        assertThat(v.artifact().outputs().get(0).unit()).isEqualTo("h");
        assertThat(v.artifact().metrics().get("runtime_max_abs_diff_vs_spark")).isLessThanOrEqualTo(1e-9);
        assertThat(v.artifact().metrics().get("failure_horizon_hours")).isEqualTo(10 / 60.0);
        assertThat(v.artifact().metrics().get("heldout_devices")).isEqualTo(2.0);
        assertThat(Files.readString(dir.resolve("metrics.json"))).contains("\"heldOutDevices\"", "\"detection\"");
    }

    @Test
    void shouldLabelEveryOnTimeWindowUpToEachBearingFailureAndNoLater() throws IOException {
        // The bench sends each pump from the fleet's start until its bearing failure: the windows that end
        // at or before the failure are the labelled ones; the misalignment/overheating rows are not failures.
        long expected = 0;
        for (String line : Files.readAllLines(fixture.resolve("ground-truth.csv")).subList(1, 13)) {
            String[] f = line.split(",");
            if (f[1].equals("bearing-wear")) {
                expected += (Long.parseLong(f[3]) - FLEET_START_MS) / WINDOW_MS;
            }
        }
        var metrics = ModelVerifier.trusting(ModelKeys.readPublic(keys.resolve(ModelKeys.PUBLIC_FILE)), "centrifugal-pump",
                null).verify(Files.readAllBytes(onlyVersionDirectory().resolve("model.json")), Long.MIN_VALUE).artifact().metrics();

        assertThat(metrics.get("train_windows") + metrics.get("heldout_windows")).isEqualTo((double) expected);
    }

    @Test
    void shouldRefuseAnArchiveWithoutFailuresBeforeStartingSpark() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = TrainCli.run(new String[] {"--archive", fixture.resolve("archive").toString(), "--keys", keys.toString()},
                quiet(), new PrintStream(err, true));

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--archive DIR needs --failures FILE");
    }

    private Path onlyVersionDirectory() throws IOException {
        try (Stream<Path> versions = Files.list(registry.resolve("centrifugal-pump"))) {
            List<Path> all = versions.toList();
            assertThat(all).hasSize(1);
            return all.get(0);
        }
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true);
    }
}
