package dev.prognos.core.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prognos.core.telemetry.Telemetry;
import dev.prognos.core.telemetry.TelemetryAvro;
import dev.prognos.core.telemetry.TelemetryJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the gateway does to every telemetry message besides moving it: check the JSON
 * ({@link TelemetryJson#decode}, every rule of the schema) and encode the Kafka value
 * ({@link TelemetryAvro#encode}). {@code jacksonTreeOnly} is Jackson's tree parse of the same
 * payload and nothing else, the first step of the decoder before it streamed: the streaming
 * decode with all its checks should cost less than that tree alone.
 *
 * <p>Run: see BENCHMARKS.md ("Gateway"); for example
 * {@code org.openjdk.jmh.Main TelemetryCodecBenchmark -wi 3 -i 5 -f 1 -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TelemetryCodecBenchmark {

    /** A message as the gateway benchmark's publishers send it: DESIGN.md §3's example. */
    private final byte[] json = ("{\"v\":1,\"device\":\"gw-3f2a1c-p0-17\",\"site\":\"plant-a\",\"asset\":\"centrifugal-pump\","
            + "\"seq\":18234,\"ts\":1795414322789,\"readings\":{\"vib_rms_mm_s\":2.31,\"vib_kurtosis\":3.4,"
            + "\"bearing_temp_c\":61.2,\"motor_current_a\":3.31}}").getBytes(StandardCharsets.UTF_8);
    private final Telemetry telemetry = TelemetryJson.decode(json);
    private final ObjectMapper mapper = new ObjectMapper();

    @Benchmark
    public Telemetry decode() {
        return TelemetryJson.decode(json);
    }

    @Benchmark
    public JsonNode jacksonTreeOnly() throws IOException {
        return mapper.readTree(json);
    }

    @Benchmark
    public byte[] avroEncode() {
        return TelemetryAvro.encode(telemetry);
    }
}
