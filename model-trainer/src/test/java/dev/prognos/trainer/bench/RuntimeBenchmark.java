package dev.prognos.trainer.bench;

import dev.prognos.core.model.FeatureSpec;
import dev.prognos.core.model.ModelArtifact;
import dev.prognos.core.model.ModelJson;
import dev.prognos.core.model.ModelRuntime;
import dev.prognos.core.model.SlidingFeatures;
import dev.prognos.trainer.CmapssReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * One RUL prediction with core's {@link ModelRuntime} on a trained artifact, over the real feature
 * vectors of every row of a C-MAPSS test file (computed once with {@link SlidingFeatures}).
 * Also the cost of one sample through {@link SlidingFeatures} (normalise + all windows).
 *
 * <p>Run: see BENCHMARKS.md ("Model trainer"). Arguments: the artifact (model.json) and the test file.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RuntimeBenchmark {

    @Param("")
    public String artifact;
    @Param("")
    public String testFile;

    private ModelRuntime runtime;
    private double[][] rows;
    private int next;
    private FeatureSpec spec;
    private ModelArtifact model;
    private double[][] settings;
    private double[][] raws;
    private SlidingFeatures sliding;

    @Setup(Level.Trial)
    public void load() throws IOException {
        model = ModelJson.read(Files.readAllBytes(Path.of(artifact)));
        runtime = ModelRuntime.of(model);
        spec = model.featureSpec();
        List<String> cols = CmapssReader.COLUMNS;
        Map<Integer, SlidingFeatures> units = new HashMap<>();
        List<double[]> vectors = new ArrayList<>();
        List<double[]> s = new ArrayList<>();
        List<double[]> r = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(testFile))) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.trim().split("\\s+");
            double[] st = spec.settings().stream().mapToDouble(n -> Double.parseDouble(f[cols.indexOf(n)])).toArray();
            double[] raw = spec.inputs().stream().mapToDouble(n -> Double.parseDouble(f[cols.indexOf(n)])).toArray();
            s.add(st);
            r.add(raw);
            vectors.add(units.computeIfAbsent(Integer.parseInt(f[0]), u -> new SlidingFeatures(spec, model.preprocessing()))
                    .next(Long.parseLong(f[1]) * 1000L, st, raw).clone());
        }
        rows = vectors.toArray(double[][]::new);
        settings = s.toArray(double[][]::new);
        raws = r.toArray(double[][]::new);
        sliding = new SlidingFeatures(spec, model.preprocessing());
    }

    /** One prediction: every tree of the ensemble walked once. */
    @Benchmark
    public double predictOne() {
        double[] x = rows[next];
        next = next + 1 == rows.length ? 0 : next + 1;
        return runtime.predict(0, x);
    }

    /** One sample through the feature pipeline: condition, normalisation, every window's statistics. */
    @Benchmark
    public double featuresOfOneSample() {
        int i = next;
        next = next + 1 == rows.length ? 0 : next + 1;
        return sliding.next(i * 1000L, settings[i], raws[i])[0];
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: RuntimeBenchmark <model.json> <test_FD00X.txt>");
            System.exit(2);
        }
        new Runner(new OptionsBuilder().include(RuntimeBenchmark.class.getSimpleName())
                .param("artifact", args[0]).param("testFile", args[1]).build()).run();
    }
}
