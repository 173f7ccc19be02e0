package dev.prognos.stream.internal;

import dev.prognos.core.Topics;
import dev.prognos.stream.StreamJobOptions;
import dev.prognos.stream.TelemetryAlertJob;
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
        description = {"The Flink job: Avro telemetry from Kafka " + Topics.TELEMETRY + " (undecodable values to "
                + Topics.DEADLETTER + "), duplicates dropped, window features, ISO 10816-3 zones, baseline z-score and "
                + "CUSUM per device in event time, the signed model of each asset type from " + Topics.MODELS
                + " (RUL, failure probability); alerts with their "
                + "lifecycle to " + Topics.ALERTS + " and health to " + Topics.HEALTH + " (exactly once), acknowledgements "
                + "from " + Topics.ALERT_ACKS + ", health to InfluxDB when --influx-url is given (token from env "
                + StreamJobOptions.INFLUX_TOKEN_ENV + ").",
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

    @Option(names = StreamJobOptions.CLEAR_RATIO, paramLabel = "RATIO", description = StreamJobOptions.CLEAR_RATIO_DOC)
    Double clearRatio;

    @Option(names = StreamJobOptions.OUT_OF_ORDERNESS_MS, paramLabel = "MS", description = StreamJobOptions.OUT_OF_ORDERNESS_MS_DOC)
    Long outOfOrdernessMs;

    @Option(names = StreamJobOptions.IDLE_TIMEOUT_MS, paramLabel = "MS", description = StreamJobOptions.IDLE_TIMEOUT_MS_DOC)
    Long idleTimeoutMs;

    @Option(names = StreamJobOptions.CHECKPOINT_INTERVAL_MS, paramLabel = "MS", description = StreamJobOptions.CHECKPOINT_INTERVAL_MS_DOC)
    Long checkpointIntervalMs;

    @Option(names = StreamJobOptions.WINDOW_MS, paramLabel = "MS", description = StreamJobOptions.WINDOW_MS_DOC)
    Long windowMs;

    @Option(names = StreamJobOptions.DEDUP_TTL_MS, paramLabel = "MS", description = StreamJobOptions.DEDUP_TTL_MS_DOC)
    Long dedupTtlMs;

    @Option(names = StreamJobOptions.HOLD_MS, paramLabel = "MS", description = StreamJobOptions.HOLD_MS_DOC)
    Long holdMs;

    @Option(names = StreamJobOptions.MAX_OPEN_ALERTS, paramLabel = "N", description = StreamJobOptions.MAX_OPEN_ALERTS_DOC)
    Integer maxOpenAlerts;

    @Option(names = StreamJobOptions.WARMUP_WINDOWS, paramLabel = "N", description = StreamJobOptions.WARMUP_WINDOWS_DOC)
    Integer warmupWindows;

    @Option(names = StreamJobOptions.Z_THRESHOLD, paramLabel = "SIGMAS", description = StreamJobOptions.Z_THRESHOLD_DOC)
    Double zThreshold;

    @Option(names = StreamJobOptions.MIN_SPREAD, paramLabel = "RATIO", description = StreamJobOptions.MIN_SPREAD_DOC)
    Double minSpread;

    @Option(names = StreamJobOptions.CUSUM_K, paramLabel = "SIGMAS", description = StreamJobOptions.CUSUM_K_DOC)
    Double cusumK;

    @Option(names = StreamJobOptions.CUSUM_H, paramLabel = "SIGMAS", description = StreamJobOptions.CUSUM_H_DOC)
    Double cusumH;

    @Option(names = StreamJobOptions.ISO_CLASS, paramLabel = "CLASS", description = StreamJobOptions.ISO_CLASS_DOC)
    String isoClass;

    @Option(names = StreamJobOptions.ISO_CLASSES, paramLabel = "ASSET=CLASS,...", description = StreamJobOptions.ISO_CLASSES_DOC)
    String isoClasses;

    @Option(names = StreamJobOptions.STATE_BACKEND, paramLabel = "hashmap|rocksdb", description = StreamJobOptions.STATE_BACKEND_DOC)
    String stateBackend;

    @Option(names = StreamJobOptions.CHECKPOINT_DIR, paramLabel = "URI", description = StreamJobOptions.CHECKPOINT_DIR_DOC)
    String checkpointDir;

    @Option(names = StreamJobOptions.ARCHIVE_DIR, paramLabel = "URI", description = StreamJobOptions.ARCHIVE_DIR_DOC)
    String archiveDir;

    @Option(names = StreamJobOptions.INFLUX_URL, paramLabel = "URL", description = StreamJobOptions.INFLUX_URL_DOC)
    String influxUrl;

    @Option(names = StreamJobOptions.INFLUX_ORG, paramLabel = "ORG", description = StreamJobOptions.INFLUX_ORG_DOC)
    String influxOrg;

    @Option(names = StreamJobOptions.INFLUX_BUCKET, paramLabel = "BUCKET", description = StreamJobOptions.INFLUX_BUCKET_DOC)
    String influxBucket;

    @Option(names = StreamJobOptions.INFLUX_BATCH, paramLabel = "N", description = StreamJobOptions.INFLUX_BATCH_DOC)
    Integer influxBatchSize;

    @Option(names = StreamJobOptions.INFLUX_RETRIES, paramLabel = "N", description = StreamJobOptions.INFLUX_RETRIES_DOC)
    Integer influxRetries;

    @Option(names = StreamJobOptions.INFLUX_TIMEOUT_MS, paramLabel = "MS", description = StreamJobOptions.INFLUX_TIMEOUT_MS_DOC)
    Long influxTimeoutMs;

    @Option(names = StreamJobOptions.MODEL_TRUSTED_KEYS, paramLabel = "PEM|DIR", description = StreamJobOptions.MODEL_TRUSTED_KEYS_DOC)
    String modelTrustedKeys;

    @Option(names = StreamJobOptions.MODEL_RUL_HORIZON, paramLabel = "RUL", description = StreamJobOptions.MODEL_RUL_HORIZON_DOC)
    Double modelRulHorizon;

    @Option(names = StreamJobOptions.MODEL_FAILURE_THRESHOLD, paramLabel = "P", description = StreamJobOptions.MODEL_FAILURE_THRESHOLD_DOC)
    Double modelFailureThreshold;

    @Option(names = StreamJobOptions.MODEL_HISTORY_WINDOWS, paramLabel = "N", description = StreamJobOptions.MODEL_HISTORY_WINDOWS_DOC)
    Integer modelHistoryWindows;

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
        if (windowMs != null) {
            b.windowMs(windowMs);
        }
        if (dedupTtlMs != null) {
            b.dedupTtlMs(dedupTtlMs);
        }
        if (holdMs != null) {
            b.holdMs(holdMs);
        }
        if (maxOpenAlerts != null) {
            b.maxOpenAlerts(maxOpenAlerts);
        }
        if (warmupWindows != null) {
            b.warmupWindows(warmupWindows);
        }
        if (zThreshold != null) {
            b.zThreshold(zThreshold);
        }
        if (minSpread != null) {
            b.minSpread(minSpread);
        }
        if (cusumK != null) {
            b.cusumK(cusumK);
        }
        if (cusumH != null) {
            b.cusumH(cusumH);
        }
        if (isoClass != null) {
            b.isoClass(isoClass);
        }
        if (isoClasses != null) {
            b.isoClasses(isoClasses);
        }
        if (stateBackend != null) {
            b.stateBackend(stateBackend);
        }
        if (checkpointDir != null) {
            b.checkpointDir(checkpointDir);
        }
        if (archiveDir != null) {
            b.archiveDir(archiveDir);
        }
        if (influxUrl != null) {
            b.influxUrl(influxUrl);
        }
        if (influxOrg != null) {
            b.influxOrg(influxOrg);
        }
        if (influxBucket != null) {
            b.influxBucket(influxBucket);
        }
        if (influxBatchSize != null) {
            b.influxBatchSize(influxBatchSize);
        }
        if (influxRetries != null) {
            b.influxRetries(influxRetries);
        }
        if (influxTimeoutMs != null) {
            b.influxTimeoutMs(influxTimeoutMs);
        }
        if (clearRatio != null) {
            b.clearRatio(clearRatio);
        }
        if (modelTrustedKeys != null) {
            b.modelTrustedKeys(modelTrustedKeys);
        }
        if (modelRulHorizon != null) {
            b.modelRulHorizon(modelRulHorizon);
        }
        if (modelFailureThreshold != null) {
            b.modelFailureThreshold(modelFailureThreshold);
        }
        if (modelHistoryWindows != null) {
            b.modelHistoryWindows(modelHistoryWindows);
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
        LOG.info("Starting {}: Kafka {}, {} -> {} and {}, windows of {} ms, ISO 10816-3 class {}, InfluxDB {}, group {}, "
                        + "checkpoints every {} ms", TelemetryAlertJob.JOB_NAME, options.kafka(), Topics.TELEMETRY,
                Topics.ALERTS, Topics.HEALTH, options.windowMs(), options.detectorSettings().defaultZones().optionName(),
                options.influxUrl().orElse("off"),
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
