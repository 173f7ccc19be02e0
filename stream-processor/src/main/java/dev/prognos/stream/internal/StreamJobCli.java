package dev.prognos.stream.internal;

import dev.prognos.core.Topics;
import dev.prognos.stream.StreamJobOptions;
import dev.prognos.stream.TelemetryAlertJob;
import dev.prognos.stream.ThresholdRule;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The command line of {@link TelemetryAlertJob}. Options left out keep their defaults in
 * {@link StreamJobOptions}; a wrong value stops start-up with a message naming the option.
 */
@Command(name = "stream", sortOptions = false,
        description = {"The Flink job: Avro telemetry from Kafka " + Topics.TELEMETRY + ", a threshold rule with "
                + "hysteresis per device in event time, JSON alerts to " + Topics.ALERTS + " (exactly once).",
                "Without a Flink cluster it runs in a local MiniCluster in this JVM. Ctrl-C cancels it."})
public final class StreamJobCli implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(TelemetryAlertJob.class);
    private static final long CANCEL_TIMEOUT_S = 10;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = StreamJobOptions.KAFKA, paramLabel = "HOST:PORT", description = StreamJobOptions.KAFKA_DOC)
    String kafka;

    @Option(names = StreamJobOptions.GROUP_ID, paramLabel = "ID", description = StreamJobOptions.GROUP_ID_DOC)
    String groupId;

    @Option(names = StreamJobOptions.READING, paramLabel = "NAME", description = StreamJobOptions.READING_DOC)
    String reading;

    @Option(names = StreamJobOptions.THRESHOLD, paramLabel = "VALUE", description = StreamJobOptions.THRESHOLD_DOC)
    Double threshold;

    @Option(names = StreamJobOptions.CLEAR_RATIO, paramLabel = "RATIO", description = StreamJobOptions.CLEAR_RATIO_DOC)
    Double clearRatio;

    @Option(names = StreamJobOptions.OUT_OF_ORDERNESS_MS, paramLabel = "MS", description = StreamJobOptions.OUT_OF_ORDERNESS_MS_DOC)
    Long outOfOrdernessMs;

    @Option(names = StreamJobOptions.IDLE_TIMEOUT_MS, paramLabel = "MS", description = StreamJobOptions.IDLE_TIMEOUT_MS_DOC)
    Long idleTimeoutMs;

    @Option(names = StreamJobOptions.CHECKPOINT_INTERVAL_MS, paramLabel = "MS", description = StreamJobOptions.CHECKPOINT_INTERVAL_MS_DOC)
    Long checkpointIntervalMs;

    /** Parses, validates and runs; returns the exit code (0 done, 1 job failed, 2 bad options). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new StreamJobCli());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof IllegalArgumentException) {
                cmd.getErr().println(cmd.getColorScheme().errorText("stream: " + e.getMessage()));
                cmd.getErr().println("Run with --help for the options.");
                return 2;
            }
            throw e;
        });
        return cli.execute(args);
    }

    /** The options given on the command line over the defaults. */
    public StreamJobOptions options() {
        StreamJobOptions.Builder b = StreamJobOptions.builder();
        if (kafka != null) {
            b.kafka(kafka);
        }
        if (groupId != null) {
            b.groupId(groupId);
        }
        if (reading != null) {
            b.reading(reading);
        }
        if (threshold != null) {
            b.threshold(threshold);
        }
        if (clearRatio != null) {
            b.clearRatio(clearRatio);
        }
        if (outOfOrdernessMs != null) {
            b.outOfOrdernessMs(outOfOrdernessMs);
        }
        if (idleTimeoutMs != null) {
            b.idleTimeoutMs(idleTimeoutMs);
        }
        if (checkpointIntervalMs != null) {
            b.checkpointIntervalMs(checkpointIntervalMs);
        }
        return b.build();
    }

    @Override
    public Integer call() throws Exception {
        StreamJobOptions options = options();
        ThresholdRule rule = options.rule();
        LOG.info("Starting {}: Kafka {}, {} -> {}, rule {}, group {}, checkpoints every {} ms",
                TelemetryAlertJob.JOB_NAME, options.kafka(), Topics.TELEMETRY, Topics.ALERTS, rule.describe(),
                options.groupId(), options.checkpointIntervalMs());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        JobClient client = TelemetryAlertJob.withKafka(options).start(env);
        LOG.info("Job {} started ({})", client.getJobID(), TelemetryAlertJob.JOB_NAME);
        if (!env.getConfiguration().get(DeploymentOptions.ATTACHED)) {
            // flink run -d: the job lives on in the cluster; this client's work is done.
            return 0;
        }
        // Ctrl-C / SIGTERM: cancel, so the open Kafka transaction is aborted rather than left to time out.
        Thread hook = new Thread(() -> {
            LOG.info("Signal received: cancelling job {}", client.getJobID());
            try {
                client.cancel().get(CANCEL_TIMEOUT_S, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("Job {} did not confirm the cancel within {} s: {}", client.getJobID(), CANCEL_TIMEOUT_S, e.toString());
            }
        }, "stream-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        client.getJobExecutionResult().get();
        LOG.info("Job {} finished", client.getJobID());
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is already running.
        }
        return 0;
    }
}
