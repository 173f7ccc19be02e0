package dev.prognos.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.prognos.core.alert.Alert;
import dev.prognos.core.telemetry.Telemetry;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.datagen.functions.FromElementsGeneratorFunction;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The whole job on a Flink MiniCluster, with an in-memory source and a collecting sink. */
class TelemetryAlertJobTest {

    private static final int PARALLELISM = 2;
    private static final long T0 = 1_795_414_322_000L;

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(PARALLELISM)
                    .build());

    @BeforeEach
    void clearSink() {
        CollectingSink.VALUES.clear();
    }

    @Test
    void shouldRaiseExactlyOneAlertForTheDeviceDriftingPastTheThreshold() throws Exception {
        List<Telemetry> readings = new ArrayList<>();
        // pump-001 runs smoothly at about 2.3 mm/s.
        for (int seq = 1; seq <= 22; seq++) {
            readings.add(reading("pump-001", seq, 2.3 + (seq % 3) * 0.1));
        }
        // pump-002's bearing wears: 5.0 mm/s rising 0.15 per reading, reaching 7.1 at seq 15,
        // then hovering between the clear level (6.39) and above the threshold: one alert only.
        for (int seq = 1; seq <= 20; seq++) {
            readings.add(reading("pump-002", seq, decimal(5.0 + 0.15 * (seq - 1))));
        }
        readings.add(reading("pump-002", 21, 6.8));
        readings.add(reading("pump-002", 22, 7.3));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(PARALLELISM);
        new TelemetryAlertJob(inMemory(readings), new CollectingSink(), StreamJobOptions.defaults()).execute(env);

        assertThat(CollectingSink.VALUES)
                .extracting(Alert::device, Alert::seq, Alert::value, Alert::condition, Alert::severity)
                .containsExactly(tuple("pump-002", 15L, 7.1, "vib_rms_mm_s>=7.1", Alert.Severity.CRITICAL));
        Alert alert = CollectingSink.VALUES.peek();
        assertThat(alert.id()).isEqualTo(Alert.idOf("pump-002", "rule", "vib_rms_mm_s>=7.1", T0 + 15_000));
        assertThat(alert.ts()).isEqualTo(T0 + 15_000);
    }

    @Test
    void shouldUseTheConfiguredRule() throws Exception {
        List<Telemetry> readings = List.of(
                reading("pump-001", 1, 4.4),
                reading("pump-001", 2, 4.6),  // 4.5 mm/s: zone C/D boundary of small machines
                reading("pump-001", 3, 3.9),  // not below 0.5 x 4.5: still open
                reading("pump-001", 4, 5.0),
                reading("pump-001", 5, 2.0),  // re-arms
                reading("pump-001", 6, 4.5));
        StreamJobOptions options = StreamJobOptions.builder().threshold(4.5).clearRatio(0.5).build();

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        new TelemetryAlertJob(inMemory(readings), new CollectingSink(), options).execute(env);

        assertThat(CollectingSink.VALUES)
                .extracting(Alert::seq, Alert::condition)
                .containsExactly(tuple(2L, "vib_rms_mm_s>=4.5"), tuple(6L, "vib_rms_mm_s>=4.5"));
    }

    /**
     * A bounded source of these readings. It splits them into one contiguous range per source
     * subtask, each read in order; the readings above are grouped by device into equal halves,
     * so each device's readings stay in seq order, as Kafka keeps them (key = device).
     */
    private static DataGeneratorSource<Telemetry> inMemory(List<Telemetry> readings) {
        return new DataGeneratorSource<>(new FromElementsGeneratorFunction<>(FlinkTypes.TELEMETRY,
                readings.toArray(Telemetry[]::new)), readings.size(), FlinkTypes.TELEMETRY);
    }

    private static Telemetry reading(String device, long seq, double vibration) {
        return Telemetry.of(device, "plant-a", "centrifugal-pump", seq, T0 + seq * 1_000,
                Map.of("vib_rms_mm_s", vibration, "bearing_temp_c", 55.0));
    }

    /** 7.1 rather than 7.1000000000000005. */
    private static double decimal(double d) {
        return new BigDecimal(d).setScale(2, java.math.RoundingMode.HALF_UP).doubleValue();
    }

    /** Collects into a static queue: the sink itself is serialized to the task, the queue is not. */
    static final class CollectingSink implements Sink<Alert> {
        static final ConcurrentLinkedQueue<Alert> VALUES = new ConcurrentLinkedQueue<>();

        @Override
        public SinkWriter<Alert> createWriter(WriterInitContext context) {
            return new SinkWriter<>() {
                @Override
                public void write(Alert alert, Context ctx) {
                    VALUES.add(alert);
                }

                @Override
                public void flush(boolean endOfInput) {
                }

                @Override
                public void close() {
                }
            };
        }
    }
}
