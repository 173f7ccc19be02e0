package dev.prognos.stream;

import dev.prognos.core.alert.Alert;
import dev.prognos.core.alert.AlertAck;
import dev.prognos.core.telemetry.Telemetry;
import dev.prognos.stream.internal.StreamJobCli;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.Watermark;
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
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.legacy.DiscardingSink;

/**
 * The telemetry job: telemetry → event-time watermarks → per device {@link Deduplicator} →
 * {@link DeviceDetector} (window features, detectors, alert lifecycle; acknowledgements as its
 * second input) → alerts and health to Kafka (exactly once), health to InfluxDB (optional).
 * Sources and sinks are parameters: production passes {@link KafkaConnectors}, tests in-memory
 * ones. {@link #main} only parses the options, wires Kafka and runs; in a JVM without a Flink
 * cluster it runs in a local MiniCluster.
 */
public final class TelemetryAlertJob {

    public static final String JOB_NAME = "prognos-telemetry-alerts";

    /** Operator uids: they key the state in checkpoints and savepoints, so never change them. */
    public static final String SOURCE_UID = "telemetry-source";
    public static final String ACK_SOURCE_UID = "alert-ack-source";
    public static final String DEDUP_UID = "dedup-readings";
    public static final String DETECTOR_UID = "device-detectors";
    public static final String SINK_UID = "alerts-sink";
    public static final String HEALTH_SINK_UID = "health-sink";
    public static final String INFLUX_SINK_UID = "influx-health-sink";
    public static final String LATE_UID = "late-readings";

    private final Source<Telemetry, ?, ?> source;
    private final Source<AlertAck, ?, ?> acks;
    private final Sink<Alert> sink;
    private final Sink<DeviceHealth> healthSink;
    private final StreamJobOptions options;
    private ModelDetector model = ModelDetector.NONE;

    public TelemetryAlertJob(Source<Telemetry, ?, ?> source, Source<AlertAck, ?, ?> acks, Sink<Alert> sink,
                             Sink<DeviceHealth> healthSink, StreamJobOptions options) {
        this.source = Objects.requireNonNull(source, "source");
        this.acks = Objects.requireNonNull(acks, "acks");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.healthSink = Objects.requireNonNull(healthSink, "healthSink");
        this.options = Objects.requireNonNull(options, "options");
    }

    /** The production job: Kafka in, Kafka out, InfluxDB when {@code --influx-url} is given. */
    public static TelemetryAlertJob withKafka(StreamJobOptions options) {
        return new TelemetryAlertJob(KafkaConnectors.telemetrySource(options), KafkaConnectors.ackSource(options),
                KafkaConnectors.alertSink(options), KafkaConnectors.healthSink(options), options);
    }

    /** The model seam (detector 3); {@link ModelDetector#NONE} until core's model runtime lands. */
    public TelemetryAlertJob withModel(ModelDetector model) {
        this.model = Objects.requireNonNull(model, "model");
        return this;
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

        WatermarkStrategy<Telemetry> watermarks = WatermarkStrategy
                .<Telemetry>forBoundedOutOfOrderness(Duration.ofMillis(options.outOfOrdernessMs()))
                .withTimestampAssigner((telemetry, recordTs) -> telemetry.ts())
                .withIdleness(Duration.ofMillis(options.idleTimeoutMs()));

        DataStream<Telemetry> unique = DataStreamUtils.reinterpretAsKeyedStream(
                env.fromSource(source, watermarks, "telemetry", FlinkTypes.TELEMETRY).uid(SOURCE_UID)
                        .keyBy(Telemetry::device, Types.STRING)
                        .process(new Deduplicator(options.dedupTtlMs()), FlinkTypes.TELEMETRY)
                        .uid(DEDUP_UID).name("drop duplicates (device, seq)"),
                Telemetry::device, Types.STRING);

        DataStream<AlertAck> ackStream = env.fromSource(acks, ackWatermarks(), "alert acks", FlinkTypes.ACK).uid(ACK_SOURCE_UID);

        SingleOutputStreamOperator<Alert> alerts = ((org.apache.flink.streaming.api.datastream.KeyedStream<Telemetry, String>) unique)
                .connect(ackStream.keyBy(AlertAck::device, Types.STRING))
                .process(new DeviceDetector(options.detectorSettings(), model), FlinkTypes.ALERT)
                .uid(DETECTOR_UID).name("window features, detectors, alert lifecycle");

        alerts.sinkTo(sink).uid(SINK_UID).name("alerts");
        DataStream<DeviceHealth> health = alerts.getSideOutput(DeviceDetector.HEALTH);
        health.sinkTo(healthSink).uid(HEALTH_SINK_UID).name("health");
        influxSink().ifPresent(influx -> health.sinkTo(influx).uid(INFLUX_SINK_UID).name("health to InfluxDB"));
        // Late readings are evaluated retroactively by the detector and counted there; this branch
        // keeps them visible as a stream of their own (a log line per 1000) for whoever needs them.
        alerts.getSideOutput(DeviceDetector.LATE)
                .map(new LateLog()).returns(FlinkTypes.TELEMETRY).uid(LATE_UID).name("late readings")
                .addSink(new DiscardingSink<>()).uid(LATE_UID + "-end").name("late readings end");
    }

    private Optional<Sink<DeviceHealth>> influxSink() {
        return options.influxUrl().map(url -> InfluxHealthSink.of(options));
    }

    /**
     * Acknowledgements are acted on when they arrive, not in event time: their input declares
     * event time over (the maximum watermark), so it never holds back the telemetry's watermark.
     */
    static WatermarkStrategy<AlertAck> ackWatermarks() {
        return WatermarkStrategy.<AlertAck>forGenerator(ctx -> new WatermarkGenerator<>() {
            @Override
            public void onEvent(AlertAck event, long eventTimestamp, WatermarkOutput output) {
            }

            @Override
            public void onPeriodicEmit(WatermarkOutput output) {
                output.emitWatermark(new Watermark(Long.MAX_VALUE));
            }
        }).withTimestampAssigner((ack, recordTs) -> ack.ts());
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

    /** Logs the first 10 late readings of a subtask, then every 1000th. */
    static final class LateLog implements MapFunction<Telemetry, Telemetry> {
        private static final long serialVersionUID = 1L;
        private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LateLog.class);
        private long count;

        @Override
        public Telemetry map(Telemetry t) {
            count++;
            if (count <= 10 || count % 1000 == 0) {
                LOG.info("Late reading #{} of this subtask: {} seq {} ts {}", count, t.device(), t.seq(), t.ts());
            }
            return t;
        }
    }
}
