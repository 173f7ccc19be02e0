package dev.prognos.edge.bench;

import dev.prognos.core.telemetry.Telemetry;
import dev.prognos.core.telemetry.TelemetryJson;
import dev.prognos.edge.AgentOptions;
import dev.prognos.edge.Outbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * The outbox's cost per reading: store it (seq allocated in the insert's transaction, fsync with
 * synchronous=FULL) and delete it as its PUBACK would. The message is a real telemetry JSON of four
 * readings, encoded by core. The database lives in {@code -Dprognos.bench.dir} (default
 * {@code target/bench}): put it on the disk the device uses, since the fsync dominates.
 *
 * <p>Run: see BENCHMARKS.md ("Edge agent").
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class OutboxBenchmark {

    private Path dir;
    private Outbox outbox;
    private Map<String, Double> readings;

    @Setup
    public void open() throws IOException {
        Path base = Path.of(System.getProperty("prognos.bench.dir", "target/bench"));
        Files.createDirectories(base);
        dir = Files.createTempDirectory(base, "outbox");
        outbox = Outbox.open(dir.resolve("outbox.db"), AgentOptions.DEFAULT_OUTBOX_MAX_BYTES, AgentOptions.DEFAULT_OUTBOX_POLICY);
        readings = new LinkedHashMap<>();
        readings.put("vib_rms_mm_s", 2.31);
        readings.put("vib_kurtosis", 3.4);
        readings.put("bearing_temp_c", 61.2);
        readings.put("motor_current_a", 3.31);
    }

    @TearDown
    public void close() throws IOException {
        outbox.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** One reading through the outbox: stored, then acknowledged. */
    @Benchmark
    public boolean storeAndDelete() {
        long ts = System.currentTimeMillis();
        OptionalLong seq = outbox.append(n -> TelemetryJson.encode(
                Telemetry.of("pump-007", "plant-a", "centrifugal-pump", n, ts, readings)));
        return outbox.delete(seq.orElseThrow());
    }

    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder().include(OutboxBenchmark.class.getSimpleName()).build()).run();
    }
}
