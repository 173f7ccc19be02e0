package dev.prognos.stream;

import dev.prognos.core.alert.Alert;
import dev.prognos.core.telemetry.Telemetry;
import dev.prognos.stream.internal.StreamJobCli;
import java.time.Duration;
import java.util.Objects;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The telemetry alert job: telemetry → event-time watermarks → per device {@link ThresholdAlertFunction}
 * → alerts. The source and the sink are parameters: production passes
 * {@link KafkaConnectors}, tests pass in-memory ones. {@link #main} only parses the options,
 * wires Kafka and runs; in a JVM without a Flink cluster it runs in a local MiniCluster.
 */
public final class TelemetryAlertJob {

    public static final String JOB_NAME = "prognos-telemetry-alerts";

    /** Operator uids: they key the state in checkpoints and savepoints, so never change them. */
    public static final String SOURCE_UID = "telemetry-source";
    public static final String ALERTS_UID = "threshold-alerts";
    public static final String SINK_UID = "alerts-sink";

    private final Source<Telemetry, ?, ?> source;
    private final Sink<Alert> sink;
    private final StreamJobOptions options;

    public TelemetryAlertJob(Source<Telemetry, ?, ?> source, Sink<Alert> sink, StreamJobOptions options) {
        this.source = Objects.requireNonNull(source, "source");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.options = Objects.requireNonNull(options, "options");
    }

    /** The production job: Kafka {@code prognos.telemetry} in, Kafka {@code prognos.alerts} out. */
    public static TelemetryAlertJob withKafka(StreamJobOptions options) {
        return new TelemetryAlertJob(KafkaConnectors.telemetrySource(options), KafkaConnectors.alertSink(options), options);
    }

    /** Adds the pipeline, checkpointing and type checks to {@code env}. */
    public void buildOn(StreamExecutionEnvironment env) {
        Configuration config = new Configuration();
        // Core's records are POJOs to Flink; a Kryo fallback would be a mistake, so refuse it.
        config.set(PipelineOptions.GENERIC_TYPES, false);
        env.configure(config);
        // The Kafka sink commits its transaction at each checkpoint: no checkpoint, no alerts.
        env.enableCheckpointing(options.checkpointIntervalMs());

        WatermarkStrategy<Telemetry> watermarks = WatermarkStrategy
                .<Telemetry>forBoundedOutOfOrderness(Duration.ofMillis(options.outOfOrdernessMs()))
                .withTimestampAssigner((telemetry, recordTs) -> telemetry.ts())
                .withIdleness(Duration.ofMillis(options.idleTimeoutMs()));

        env.fromSource(source, watermarks, "telemetry", FlinkTypes.TELEMETRY)
                .uid(SOURCE_UID)
                .keyBy(Telemetry::device, Types.STRING)
                .process(new ThresholdAlertFunction(options.rule()), FlinkTypes.ALERT)
                .uid(ALERTS_UID)
                .name("threshold alerts " + options.rule().condition())
                .sinkTo(sink)
                .uid(SINK_UID)
                .name("alerts");
    }

    /** Builds on {@code env} and runs until the job ends (a bounded source) or fails. */
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
}
