package dev.prognos.stream;

import dev.prognos.core.alert.Alert;
import dev.prognos.core.alert.AlertAck;
import dev.prognos.core.telemetry.Telemetry;
import dev.prognos.stream.internal.StreamJobCli;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.legacy.DiscardingSink;
import org.apache.flink.types.Either;

/**
 * The telemetry job: telemetry (decoded in the source; undecodable values aside to the dead
 * letters) → event-time watermarks → per device {@link DeviceDetector} (duplicates dropped by
 * its {@link Deduplicator}, window features, detectors, alert lifecycle; acknowledgements on the same keyed input, models
 * from {@code prognos.models} as broadcast state) → alerts, health and dead letters to Kafka
 * (exactly once), health to InfluxDB (optional). Sources and sinks are parameters
 * ({@link Connectors}): production passes {@link KafkaConnectors}, tests in-memory ones.
 * {@link #main} only parses the options, wires Kafka and runs; in a JVM without a Flink cluster
 * it runs in a local MiniCluster.
 */
public final class TelemetryAlertJob {

    public static final String JOB_NAME = "prognos-telemetry-alerts";

    /** Operator uids: they key the state in checkpoints and savepoints, so never change them. */
    public static final String SOURCE_UID = "telemetry-source";
    public static final String ACK_SOURCE_UID = "alert-ack-source";
    public static final String MODEL_SOURCE_UID = "model-source";
    public static final String DEAD_LETTER_SPLIT_UID = "dead-letter-split";
    public static final String READINGS_IN_UID = "readings-in";
    public static final String ACKS_IN_UID = "acks-in";
    public static final String DETECTOR_UID = "device-detectors";
    public static final String SINK_UID = "alerts-sink";
    public static final String HEALTH_SINK_UID = "health-sink";
    public static final String DEAD_LETTER_SINK_UID = "dead-letter-sink";
    public static final String INFLUX_SINK_UID = "influx-health-sink";
    public static final String LATE_UID = "late-readings";
    public static final String ARCHIVE_SINK_UID = "training-archive-sink";

    /**
     * Where the job reads and writes.
     *
     * @param telemetry   decoded telemetry (left) or undecodable values (right)
     * @param acks        acknowledgements from the console
     * @param models      model artifacts as published, unchecked
     * @param alerts      alert state changes
     * @param health      per device and window
     * @param deadLetters undecodable inputs
     */
    public record Connectors(Source<Either<Telemetry, DeadLetter>, ?, ?> telemetry, Source<AlertAck, ?, ?> acks,
                             Source<ModelMessage, ?, ?> models, Sink<Alert> alerts, Sink<DeviceHealth> health,
                             Sink<DeadLetter> deadLetters) {
        public Connectors {
            Objects.requireNonNull(telemetry, "telemetry");
            Objects.requireNonNull(acks, "acks");
            Objects.requireNonNull(models, "models");
            Objects.requireNonNull(alerts, "alerts");
            Objects.requireNonNull(health, "health");
            Objects.requireNonNull(deadLetters, "deadLetters");
        }

        /** Kafka in, Kafka out. */
        public static Connectors kafka(StreamJobOptions options) {
            return new Connectors(KafkaConnectors.telemetrySource(options), KafkaConnectors.ackSource(options),
                    KafkaConnectors.modelSource(options), KafkaConnectors.alertSink(options),
                    KafkaConnectors.healthSink(options), KafkaConnectors.deadLetterSink(options));
        }
    }

    private final Connectors io;
    private final StreamJobOptions options;

    public TelemetryAlertJob(Connectors io, StreamJobOptions options) {
        this.io = Objects.requireNonNull(io, "io");
        this.options = Objects.requireNonNull(options, "options");
    }

    /** The production job: Kafka in, Kafka out, InfluxDB when {@code --influx-url} is given. */
    public static TelemetryAlertJob withKafka(StreamJobOptions options) {
        return new TelemetryAlertJob(Connectors.kafka(options), options);
    }

    /** Adds the pipeline, checkpointing, state backend and type checks to {@code env}. */
    public void buildOn(StreamExecutionEnvironment env) {
        Configuration config = new Configuration();
        // Core's records are POJOs to Flink; a Kryo fallback would be a mistake, so refuse it.
        config.set(PipelineOptions.GENERIC_TYPES, false);
        config.set(StateBackendOptions.STATE_BACKEND, options.stateBackend());
        options.checkpointDir().ifPresent(dir -> config.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir));
        env.configure(config);
        // The Kafka sinks commit their transactions at each checkpoint: no checkpoint, no alerts.
        env.enableCheckpointing(options.checkpointIntervalMs());

        // Dead letters carry no event time (Long.MIN_VALUE): they never move the watermark.
        WatermarkStrategy<Either<Telemetry, DeadLetter>> watermarks = WatermarkStrategy
                .<Either<Telemetry, DeadLetter>>forBoundedOutOfOrderness(Duration.ofMillis(options.outOfOrdernessMs()))
                .withTimestampAssigner((in, recordTs) -> in.isLeft() ? in.left().ts() : Long.MIN_VALUE)
                .withIdleness(Duration.ofMillis(options.idleTimeoutMs()));

        SingleOutputStreamOperator<Telemetry> decoded = env.fromSource(io.telemetry(), watermarks, "telemetry", FlinkTypes.INCOMING)
                .uid(SOURCE_UID)
                .process(new DeadLetterSplit(), FlinkTypes.TELEMETRY).uid(DEAD_LETTER_SPLIT_UID).name("undecodable aside");
        decoded.getSideOutput(DeadLetterSplit.DEAD_LETTERS).sinkTo(io.deadLetters()).uid(DEAD_LETTER_SINK_UID).name("dead letters");

        // Readings and acknowledgements share the detector's keyed input, partitioned by device in
        // one shuffle: the readings' only serialization round trip between the source and the
        // detector (which also drops duplicates, keyed by the same device). They cross it flat
        // ({@link Reading}: arrays, not the telemetry's map of boxed values).
        DataStream<Either<Reading, AlertAck>> readings = decoded
                .map(new AsReading()).returns(FlinkTypes.DEVICE_INPUT).uid(READINGS_IN_UID).name("readings in");
        DataStream<Either<Reading, AlertAck>> ackStream = env.fromSource(io.acks(), ackWatermarks(), "alert acks", FlinkTypes.ACK)
                .uid(ACK_SOURCE_UID)
                .map(new AsAck()).returns(FlinkTypes.DEVICE_INPUT).uid(ACKS_IN_UID).name("acks in");
        KeyedStream<Either<Reading, AlertAck>, String> perDevice = readings.union(ackStream)
                .keyBy(DeviceDetector::deviceOf, Types.STRING);

        BroadcastStream<ModelMessage> models = env.fromSource(io.models(), modelWatermarks(options.idleTimeoutMs()),
                "models", FlinkTypes.MODEL).uid(MODEL_SOURCE_UID).broadcast(DeviceDetector.MODELS);

        SingleOutputStreamOperator<Alert> alerts = perDevice.connect(models)
                .process(new DeviceDetector(options.detectorSettings(), options.modelSettings(), options.dedupTtlMs()),
                        FlinkTypes.ALERT)
                .uid(DETECTOR_UID).name("drop duplicates, window features, detectors, alert lifecycle");

        alerts.sinkTo(io.alerts()).uid(SINK_UID).name("alerts");
        DataStream<DeviceHealth> health = alerts.getSideOutput(DeviceDetector.HEALTH);
        health.sinkTo(io.health()).uid(HEALTH_SINK_UID).name("health");
        influxSink().ifPresent(influx -> health.sinkTo(influx).uid(INFLUX_SINK_UID).name("health to InfluxDB"));
        options.archiveDir().ifPresent(dir -> health.sinkTo(HealthArchive.sink(dir)).uid(ARCHIVE_SINK_UID)
                .name("training archive (Parquet)"));
        // Late readings are evaluated retroactively by the detector and counted there; this branch
        // keeps them visible as a stream of their own (a log line per 1000) for whoever needs them.
        alerts.getSideOutput(DeviceDetector.LATE)
                .map(new LateLog()).returns(FlinkTypes.READING).uid(LATE_UID).name("late readings")
                .addSink(new DiscardingSink<>()).uid(LATE_UID + "-end").name("late readings end");
    }

    private Optional<Sink<DeviceHealth>> influxSink() {
        return options.influxUrl().map(url -> InfluxHealthSink.of(options));
    }

    /**
     * Acknowledgements are acted on when they arrive, not in event time: their input is idle (see
     * {@link #outsideEventTime}), so it neither holds back nor moves the telemetry's watermark.
     */
    static WatermarkStrategy<AlertAck> ackWatermarks() {
        return TelemetryAlertJob.<AlertAck>outsideEventTime(0).withTimestampAssigner((ack, recordTs) -> ack.ts());
    }

    /**
     * Models are outside event time too, but a job that starts should score with the models already
     * on the topic: their input holds event time back until its first model has arrived or, with no
     * model on the topic, for {@code holdMs} of wall time after the input started.
     */
    static WatermarkStrategy<ModelMessage> modelWatermarks(long holdMs) {
        return outsideEventTime(holdMs);
    }

    /**
     * An input outside event time (acknowledgements, models) is declared idle right after each of
     * its records and at every periodic emit, so the detector's watermark is the telemetry's alone.
     * Not the maximum watermark: with the telemetry idle too (a quiet fleet), the maximum would fire
     * every window and make every later reading late. Until its first record or {@code holdMs} of
     * wall time, the input stays active at the minimum watermark, holding event time back.
     */
    static <T> WatermarkStrategy<T> outsideEventTime(long holdMs) {
        return WatermarkStrategy.<T>forGenerator(ctx -> new WatermarkGenerator<>() {
            private final long startedMs = System.currentTimeMillis();
            private boolean seen;

            @Override
            public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
                seen = true;
                output.markIdle();
            }

            @Override
            public void onPeriodicEmit(WatermarkOutput output) {
                if (seen || System.currentTimeMillis() - startedMs >= holdMs) {
                    output.markIdle();
                }
            }
        });
    }

    /** Build and run until the job ends (a bounded source) or fails. */
    public JobExecutionResult execute(StreamExecutionEnvironment env) throws Exception {
        buildOn(env);
        return env.execute(JOB_NAME);
    }

    /** Builds on {@code env} and submits; cancel it through the returned client. */
    public JobClient start(StreamExecutionEnvironment env) throws Exception {
        buildOn(env);
        return env.executeAsync(JOB_NAME);
    }

    public StreamJobOptions options() {
        return options;
    }

    /** {@code --kafka HOST:PORT} and the options of {@link StreamJobOptions}; {@code --help} lists them. */
    public static void main(String[] args) {
        System.exit(StreamJobCli.run(args));
    }

    /** A decoded reading onto the detector's keyed input, flattened. */
    static final class AsReading implements MapFunction<Telemetry, Either<Reading, AlertAck>> {
        private static final long serialVersionUID = 1L;

        @Override
        public Either<Reading, AlertAck> map(Telemetry t) {
            return Either.Left(Reading.of(t));
        }
    }

    /** An acknowledgement onto the detector's keyed input. */
    static final class AsAck implements MapFunction<AlertAck, Either<Reading, AlertAck>> {
        private static final long serialVersionUID = 1L;

        @Override
        public Either<Reading, AlertAck> map(AlertAck a) {
            return Either.Right(a);
        }
    }

    /** Logs the first 10 late readings of a subtask, then every 1000th. */
    static final class LateLog implements MapFunction<Reading, Reading> {
        private static final long serialVersionUID = 1L;
        private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LateLog.class);
        private long count;

        @Override
        public Reading map(Reading t) {
            count++;
            if (DeviceDetector.worthInfo(count)) {
                LOG.info("Late reading #{} of this subtask: {} seq {} ts {}", count, t.device(), t.seq(), t.ts());
            }
            return t;
        }
    }
}
