package dev.prognos.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.prognos.core.alert.Alert;
import dev.prognos.core.alert.AlertAck;
import dev.prognos.core.telemetry.Telemetry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.datagen.functions.FromElementsGeneratorFunction;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The whole job on a Flink MiniCluster, with in-memory sources and collecting sinks. */
class TelemetryAlertJobTest {

    private static final int PARALLELISM = 2;
    /** Aligned on the 10 s windows. */
    private static final long T0 = 1_795_414_320_000L;

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(PARALLELISM)
                    .build());

    @BeforeEach
    void clearSinks() {
        AlertSink.VALUES.clear();
        HealthSink.VALUES.clear();
    }

    @Test
    void shouldRaiseAndResolveTheAlertsOfTheDeviceWhoseVibrationRisesAndFalls() throws Exception {
        List<Alert> alerts = run(inOrder());

        // pump-002 reaches zone C (4.5 mm/s) then D (7.1), then falls back to 2 mm/s: each alert opens once
        // and resolves after the hold time; pump-001 stays in zone A.
        assertThat(alerts).extracting(Alert::device, Alert::condition, Alert::state).containsExactlyInAnyOrder(
                tuple("pump-002", "iso10816_zone>=C", Alert.State.OPEN),
                tuple("pump-002", "iso10816_zone>=D", Alert.State.OPEN),
                tuple("pump-002", "iso10816_zone>=C", Alert.State.RESOLVED),
                tuple("pump-002", "iso10816_zone>=D", Alert.State.RESOLVED));
        assertThat(alerts).allSatisfy(a -> assertThat(a.retroactive()).isFalse());
        // One health record per device and 10 s window: 120 s of readings each.
        assertThat(HealthSink.VALUES).hasSize(2 * 12);
    }

    @Test
    void shouldGiveTheSameAlertsWhenReadingsAreShuffledAndDuplicated() throws Exception {
        List<Telemetry> readings = inOrder();
        List<String> expected = fingerprints(run(readings));
        clearSinks();

        List<Telemetry> messy = new ArrayList<>();
        Random random = new Random(7);
        // Shuffle within blocks of 6 readings (3 s of event time, under the 5 s out-of-orderness),
        // and send about one reading in five twice.
        for (int i = 0; i < readings.size(); i += 6) {
            List<Telemetry> block = new ArrayList<>(readings.subList(i, Math.min(i + 6, readings.size())));
            for (Telemetry t : List.copyOf(block)) {
                if (random.nextInt(5) == 0) {
                    block.add(t);
                }
            }
            Collections.shuffle(block, random);
            messy.addAll(block);
        }
        assertThat(messy.size()).isGreaterThan(readings.size());

        assertThat(fingerprints(run(messy))).isNotEmpty().containsExactlyInAnyOrderElementsOf(expected);
    }

    private static List<Alert> run(List<Telemetry> readings) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(PARALLELISM);
        // An acknowledgement of an alert that does not exist: counted and ignored.
        List<AlertAck> acks = List.of(new AlertAck("pump-009/rule/x/1", "pump-009", AlertAck.Action.ACKNOWLEDGE, "ana", T0, null));
        new TelemetryAlertJob(inMemory(readings, FlinkTypes.TELEMETRY), inMemory(acks, FlinkTypes.ACK), new AlertSink(),
                new HealthSink(), StreamJobOptions.builder().holdMs(20_000).build()).execute(env);
        return new ArrayList<>(AlertSink.VALUES);
    }

    /** What must not depend on arrival order; the value is rounded (floating-point sums depend on order in the last bits). */
    private static List<String> fingerprints(List<Alert> alerts) {
        return alerts.stream().map(a -> a.id() + " " + a.state() + " " + a.stateTs() + " " + a.seq() + " " + a.retroactive()
                + " " + String.format(java.util.Locale.ROOT, "%.6f", a.value())).toList();
    }

    /** pump-001 steady at ~2.3 mm/s; pump-002 rising from 2 to 9 mm/s over 60 s, then back at 2. One reading a second each. */
    private static List<Telemetry> inOrder() {
        List<Telemetry> readings = new ArrayList<>();
        for (int s = 0; s < 120; s++) {
            long ts = T0 + s * 1000L;
            readings.add(reading("pump-001", s + 1, ts, 2.3 + (s % 3) * 0.1));
            double v = s < 60 ? 2.0 + 7.0 * s / 60 : (s < 70 ? 9.0 : 2.0);
            readings.add(reading("pump-002", s + 1, ts, v));
        }
        return readings;
    }

    private static Telemetry reading(String device, long seq, long ts, double vibration) {
        return Telemetry.of(device, "plant-a", "centrifugal-pump", seq, ts, Map.of("vib_rms_mm_s", vibration, "bearing_temp_c", 55.0));
    }

    /**
     * A bounded source of these elements: one contiguous range per source subtask, each read in
     * order, so each half keeps its own event-time order.
     */
    static <T> Source<T, ?, ?> inMemory(List<T> elements, TypeInformation<T> type) {
        @SuppressWarnings("unchecked")
        T[] array = elements.toArray((T[]) java.lang.reflect.Array.newInstance(type.getTypeClass(), 0));
        return new DataGeneratorSource<>(new FromElementsGeneratorFunction<>(type, array), elements.size(), type);
    }

    /** Collects into a static queue: the sink itself is serialized to the task, the queue is not. */
    static final class AlertSink implements Sink<Alert> {
        static final ConcurrentLinkedQueue<Alert> VALUES = new ConcurrentLinkedQueue<>();

        @Override
        public SinkWriter<Alert> createWriter(WriterInitContext context) {
            return new Collecting<>(VALUES);
        }
    }

    static final class HealthSink implements Sink<DeviceHealth> {
        static final ConcurrentLinkedQueue<DeviceHealth> VALUES = new ConcurrentLinkedQueue<>();

        @Override
        public SinkWriter<DeviceHealth> createWriter(WriterInitContext context) {
            return new Collecting<>(VALUES);
        }
    }

    private record Collecting<T>(ConcurrentLinkedQueue<T> into) implements SinkWriter<T> {
        @Override
        public void write(T element, Context ctx) {
            into.add(element);
        }

        @Override
        public void flush(boolean endOfInput) {
        }

        @Override
        public void close() {
        }
    }
}
