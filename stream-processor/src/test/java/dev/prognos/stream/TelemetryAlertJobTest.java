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
import org.apache.flink.types.Either;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import dev.prognos.core.model.ModelJson;
import java.nio.file.Path;

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
        DeadLetterSink.VALUES.clear();
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

    @Test
    void shouldRaiseAndResolveTheModelsAlertsWithASignedModelAndIgnoreAnUnsignedOne(@TempDir Path keys) throws Exception {
        StreamJobOptions options = StreamJobOptions.builder().holdMs(20_000)
                .modelTrustedKeys(TestModels.writeTrustedKey(keys).toString()).build();
        List<ModelMessage> models = List.of(
                TestModels.message(ModelJson.write(TestModels.artifact(TestModels.ASSET, 9))),  // unsigned: refused
                TestModels.message(TestModels.signed(1)));

        List<Alert> alerts = run(connectors(inOrder(), List.of(), models), options);

        // pump-002's window means pass 7.1 mm/s in [40 s, 70 s): the model's RUL (10 h) is below the
        // 30 h horizon and its failure probability 0.9; from 70 s back at 2 mm/s, resolved after the hold.
        assertThat(alerts).filteredOn(a -> a.detector().equals("model"))
                .extracting(Alert::device, Alert::condition, Alert::state, Alert::ts).containsExactlyInAnyOrder(
                        tuple("pump-002", "rul<30", Alert.State.OPEN, T0 + 49_000),
                        tuple("pump-002", "failure_probability>=0.5", Alert.State.OPEN, T0 + 49_000),
                        tuple("pump-002", "rul<30", Alert.State.RESOLVED, T0 + 49_000),
                        tuple("pump-002", "failure_probability>=0.5", Alert.State.RESOLVED, T0 + 49_000));
        assertThat(HealthSink.VALUES).hasSize(2 * 12).allSatisfy(h -> assertThat(h.modelVersion()).isEqualTo(1));
    }

    @Test
    void shouldSendUndecodableValuesToTheDeadLettersAndGoOn() throws Exception {
        List<Either<Telemetry, DeadLetter>> incoming = new ArrayList<>();
        DeadLetter bad = new DeadLetter("pump-001".getBytes(java.nio.charset.StandardCharsets.UTF_8), new byte[] {1, 2},
                "not Avro telemetry: test", "kafka:prognos.telemetry-0@3", T0);
        for (Telemetry t : inOrder()) {
            incoming.add(Either.Left(t));
            if (incoming.size() == 3) {
                incoming.add(Either.Right(bad));
            }
        }

        List<Alert> alerts = run(connectorsOf(incoming, List.of(), List.of()), StreamJobOptions.builder().holdMs(20_000).build());

        assertThat(DeadLetterSink.VALUES).extracting(DeadLetter::source, DeadLetter::reason)
                .containsExactly(tuple("kafka:prognos.telemetry-0@3", "not Avro telemetry: test"));
        assertThat(alerts).extracting(Alert::condition).containsOnly("iso10816_zone>=C", "iso10816_zone>=D").hasSize(4);
    }

    private static List<Alert> run(TelemetryAlertJob.Connectors io, StreamJobOptions options) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(PARALLELISM);
        new TelemetryAlertJob(io, options).execute(env);
        return new ArrayList<>(AlertSink.VALUES);
    }

    private static List<Alert> run(List<Telemetry> readings) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(PARALLELISM);
        // An acknowledgement of an alert that does not exist: counted and ignored.
        List<AlertAck> acks = List.of(new AlertAck("pump-009/rule/x/1", "pump-009", AlertAck.Action.ACKNOWLEDGE, "ana", T0, null));
        new TelemetryAlertJob(connectors(readings, acks, List.of()), StreamJobOptions.builder().holdMs(20_000).build()).execute(env);
        return new ArrayList<>(AlertSink.VALUES);
    }

    /** What must not depend on arrival order; the value is rounded (floating-point sums depend on order in the last bits). */
    static List<String> fingerprints(List<Alert> alerts) {
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

    /** In-memory sources of these readings, acknowledgements and models; the collecting sinks of this class. */
    static TelemetryAlertJob.Connectors connectors(List<Telemetry> readings, List<AlertAck> acks, List<ModelMessage> models) {
        List<Either<Telemetry, DeadLetter>> incoming = readings.stream().map(t -> Either.<Telemetry, DeadLetter>Left(t)).toList();
        return connectorsOf(incoming, acks, models);
    }

    /** As {@link #connectors}, with the telemetry source's output given as is (dead letters included). */
    static TelemetryAlertJob.Connectors connectorsOf(List<Either<Telemetry, DeadLetter>> incoming, List<AlertAck> acks,
                                                     List<ModelMessage> models) {
        // A source with no element at all fails in the generator: an empty list gets one element the
        // job counts and ignores (an artifact that is not JSON, an acknowledgement of no alert).
        List<ModelMessage> someModels = models.isEmpty()
                ? List.of(new ModelMessage("centrifugal-pump", "none".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                : models;
        List<AlertAck> someAcks = acks.isEmpty()
                ? List.of(new AlertAck("pump-009/rule/x/1", "pump-009", AlertAck.Action.ACKNOWLEDGE, "ana", T0, null))
                : acks;
        return new TelemetryAlertJob.Connectors(inMemory(incoming, FlinkTypes.INCOMING), inMemory(someAcks, FlinkTypes.ACK),
                inMemory(someModels, FlinkTypes.MODEL), new AlertSink(), new HealthSink(), new DeadLetterSink());
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

    static final class DeadLetterSink implements Sink<DeadLetter> {
        static final ConcurrentLinkedQueue<DeadLetter> VALUES = new ConcurrentLinkedQueue<>();

        @Override
        public SinkWriter<DeadLetter> createWriter(WriterInitContext context) {
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
