package dev.prognos.stream;

import java.io.Serializable;
import java.util.regex.Pattern;

/**
 * Settings of the telemetry alert job, validated when built. Each key is its command-line option,
 * with a doc string and a default; an invalid value is refused with a message naming the option.
 */
public final class StreamJobOptions implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final String KAFKA = "--kafka";
    public static final String KAFKA_ENV = "PROGNOS_KAFKA";
    public static final String DEFAULT_KAFKA = "127.0.0.1:9092";
    public static final String KAFKA_DOC = "Kafka bootstrap servers, HOST:PORT[,HOST:PORT...] "
            + "(default: env " + KAFKA_ENV + ", else " + DEFAULT_KAFKA + ").";

    public static final String GROUP_ID = "--group-id";
    public static final String DEFAULT_GROUP_ID = "prognos-stream";
    public static final String GROUP_ID_DOC = "Kafka consumer group of the job; also the prefix of its transactional ids, "
            + "so two jobs writing alerts at once need two group ids. Default: " + DEFAULT_GROUP_ID + ".";

    public static final String CLEAR_RATIO = "--clear-ratio";
    public static final double DEFAULT_CLEAR_RATIO = 0.9;
    public static final String CLEAR_RATIO_DOC = "Hysteresis: an open alert's condition clears only once its value "
            + "falls below the limit x this ratio (above 0, below 1; 7.1 mm/s clears below 6.39). Default: "
            + DEFAULT_CLEAR_RATIO + ".";

    public static final String WINDOW_MS = "--window-ms";
    public static final long DEFAULT_WINDOW_MS = 10_000;
    public static final String WINDOW_MS_DOC = "Tumbling event-time window of the features (mean, std, min, max, slope) "
            + "and detectors, ms (1000 to 3600000). Default: " + DEFAULT_WINDOW_MS + ".";

    public static final String DEDUP_TTL_MS = "--dedup-ttl-ms";
    public static final long DEFAULT_DEDUP_TTL_MS = 3_600_000;
    public static final String DEDUP_TTL_MS_DOC = "How long a device's seen seq numbers are remembered after its last new "
            + "reading to drop duplicates, ms of processing time (at least 1000; about 150 bytes per device in state). Default: "
            + DEFAULT_DEDUP_TTL_MS + ".";

    public static final String HOLD_MS = "--alert-hold-ms";
    public static final long DEFAULT_HOLD_MS = 60_000;
    public static final String HOLD_MS_DOC = "An alert resolves by itself once its condition has stayed clear this long, "
            + "ms of event time (0 to 86400000). Default: " + DEFAULT_HOLD_MS + ".";

    public static final String MAX_OPEN_ALERTS = "--max-open-alerts";
    public static final int DEFAULT_MAX_OPEN_ALERTS = 5;
    public static final String MAX_OPEN_ALERTS_DOC = "Flood cap: at most this many open alerts per device; further ones "
            + "are suppressed and counted (1 to 1000). Default: " + DEFAULT_MAX_OPEN_ALERTS + ".";

    public static final String WARMUP_WINDOWS = "--baseline-warmup-windows";
    public static final int DEFAULT_WARMUP_WINDOWS = 30;
    public static final String WARMUP_WINDOWS_DOC = "Windows a device's baseline (median and MAD of each reading's window "
            + "mean) learns from before z-scores and CUSUM start (2 to 100000). Default: " + DEFAULT_WARMUP_WINDOWS + ".";

    public static final String Z_THRESHOLD = "--z-threshold";
    public static final double DEFAULT_Z_THRESHOLD = 6.0;
    public static final String Z_THRESHOLD_DOC = "Baseline alert when a window mean is this many robust standard deviations "
            + "(MAD x 1.4826) from the baseline median (above 0). Default: " + DEFAULT_Z_THRESHOLD + ".";

    public static final String MIN_SPREAD = "--baseline-min-spread";
    public static final double DEFAULT_MIN_SPREAD = 0.05;
    public static final String MIN_SPREAD_DOC = "Smallest baseline spread, as a fraction of the baseline median, so a very "
            + "steady warm-up does not make every wobble significant (above 0, at most 1). Default: " + DEFAULT_MIN_SPREAD + ".";

    public static final String CUSUM_K = "--cusum-k";
    public static final double DEFAULT_CUSUM_K = 0.5;
    public static final String CUSUM_K_DOC = "CUSUM allowance per window, in standard deviations (0 to 10). Default: "
            + DEFAULT_CUSUM_K + ".";

    public static final String CUSUM_H = "--cusum-h";
    public static final double DEFAULT_CUSUM_H = 20.0;
    public static final String CUSUM_H_DOC = "CUSUM decision interval: alert when the sum reaches it, in standard "
            + "deviations (above 0). Default: " + DEFAULT_CUSUM_H + ".";

    public static final String ISO_CLASS = "--iso-class";
    public static final String DEFAULT_ISO_CLASS = "group2-flexible";
    public static final String ISO_CLASS_DOC = "ISO 10816-3 machine class of every asset type not in " + "--iso-classes"
            + ": group1-rigid, group1-flexible, group2-rigid or group2-flexible. Default: " + DEFAULT_ISO_CLASS
            + " (zone C from 4.5, zone D from 7.1 mm/s).";

    public static final String ISO_CLASSES = "--iso-classes";
    public static final String ISO_CLASSES_DOC = "ISO 10816-3 machine class per asset type, ASSET=CLASS[,ASSET=CLASS...], "
            + "e.g. centrifugal-pump=group2-rigid. Default: none (all use " + "--iso-class" + ").";

    public static final String STATE_BACKEND = "--state-backend";
    public static final String DEFAULT_STATE_BACKEND = "hashmap";
    public static final String STATE_BACKEND_DOC = "Keyed state backend: hashmap (on the heap) or rocksdb (on disk, for "
            + "large fleets). Default: " + DEFAULT_STATE_BACKEND + ".";

    public static final String CHECKPOINT_DIR = "--checkpoint-dir";
    public static final String CHECKPOINT_DIR_DOC = "Where checkpoints go, a URI such as file:///var/lib/prognos/checkpoints "
            + "or s3://bucket/path. Default: none (the JobManager's memory: lost with the process).";

    public static final String ARCHIVE_DIR = "--archive-dir";
    public static final String ARCHIVE_DIR_DOC = "Where the training archive goes: every health record (device, window, "
            + "features per reading) as Parquet, one directory per UTC day (dt=YYYY-MM-DD), files committed at each "
            + "checkpoint; a URI such as file:///var/lib/prognos/archive. ./prognos stream and the demo use "
            + ".prognos/archive. Default: none (no archive).";

    public static final String INFLUX_URL = "--influx-url";
    public static final String INFLUX_URL_DOC = "InfluxDB to write health points to (measurement device_health), e.g. "
            + "http://127.0.0.1:8086. Default: none (no InfluxDB sink).";

    public static final String INFLUX_ORG = "--influx-org";
    public static final String DEFAULT_INFLUX_ORG = "prognos";
    public static final String INFLUX_ORG_DOC = "InfluxDB organisation. Default: " + DEFAULT_INFLUX_ORG + ".";

    public static final String INFLUX_BUCKET = "--influx-bucket";
    public static final String DEFAULT_INFLUX_BUCKET = "prognos";
    public static final String INFLUX_BUCKET_DOC = "InfluxDB bucket (database on 1.x). Default: " + DEFAULT_INFLUX_BUCKET + ".";

    public static final String INFLUX_TOKEN_ENV = "PROGNOS_INFLUX_TOKEN";

    public static final String INFLUX_BATCH = "--influx-batch-size";
    public static final int DEFAULT_INFLUX_BATCH = 500;
    public static final String INFLUX_BATCH_DOC = "Points per InfluxDB write (1 to 100000); whatever is buffered is also "
            + "written at each checkpoint. Default: " + DEFAULT_INFLUX_BATCH + ".";

    public static final String INFLUX_RETRIES = "--influx-retries";
    public static final int DEFAULT_INFLUX_RETRIES = 3;
    public static final String INFLUX_RETRIES_DOC = "Retries of a failed InfluxDB write before its points are dropped and "
            + "counted (0 to 20); InfluxDB never stops the job. Default: " + DEFAULT_INFLUX_RETRIES + ".";

    public static final String INFLUX_TIMEOUT_MS = "--influx-timeout-ms";
    public static final long DEFAULT_INFLUX_TIMEOUT_MS = 5_000;
    public static final String INFLUX_TIMEOUT_MS_DOC = "Connect, read and write timeout of one InfluxDB request, ms "
            + "(100 to 120000). Default: " + DEFAULT_INFLUX_TIMEOUT_MS + ".";

    public static final String MODEL_TRUSTED_KEYS = "--model-trusted-keys";
    public static final String MODEL_TRUSTED_KEYS_DOC = "Public keys whose signatures on model artifacts are trusted: a PEM "
            + "file (BEGIN PUBLIC KEY, as ./prognos keys init writes model-signing.pub) or a directory of *.pub / *.pem files. "
            + "Default: none (every model on prognos.models is refused and counted; detector 'model' stays silent).";

    public static final String MODEL_RUL_HORIZON = "--model-rul-horizon";
    public static final double DEFAULT_MODEL_RUL_HORIZON = 30.0;
    public static final String MODEL_RUL_HORIZON_DOC = "Model alert when the predicted remaining useful life is below this, "
            + "in the unit of the model's rul output (cycles, h; above 0). Default: " + DEFAULT_MODEL_RUL_HORIZON + ".";

    public static final String MODEL_FAILURE_THRESHOLD = "--model-failure-threshold";
    public static final double DEFAULT_MODEL_FAILURE_THRESHOLD = 0.5;
    public static final String MODEL_FAILURE_THRESHOLD_DOC = "Model alert when the predicted failure probability is at or "
            + "above this (above 0, at most 1). Default: " + DEFAULT_MODEL_FAILURE_THRESHOLD + ".";

    public static final String MODEL_HISTORY_WINDOWS = "--model-history-windows";
    public static final int DEFAULT_MODEL_HISTORY_WINDOWS = 60;
    public static final String MODEL_HISTORY_WINDOWS_DOC = "Windows per device kept as the model's samples: its longest "
            + "feature window can reach this far back (1 to 10000; about 8 bytes per reading per window in state). Default: "
            + DEFAULT_MODEL_HISTORY_WINDOWS + ".";

    public static final String OUT_OF_ORDERNESS_MS = "--out-of-orderness-ms";
    public static final long DEFAULT_OUT_OF_ORDERNESS_MS = 5_000;
    public static final long MAX_OUT_OF_ORDERNESS_MS = 3_600_000;
    public static final String OUT_OF_ORDERNESS_MS_DOC = "How late a reading may arrive behind the newest one, in ms "
            + "of event time (0 to 3600000). Default: " + DEFAULT_OUT_OF_ORDERNESS_MS + ".";

    public static final String IDLE_TIMEOUT_MS = "--idle-timeout-ms";
    public static final long DEFAULT_IDLE_TIMEOUT_MS = 30_000;
    public static final String IDLE_TIMEOUT_MS_DOC = "A Kafka partition silent for this long (ms of wall time) stops "
            + "holding the watermark back (at least 1000). Default: " + DEFAULT_IDLE_TIMEOUT_MS + ".";

    public static final String CHECKPOINT_INTERVAL_MS = "--checkpoint-interval-ms";
    public static final long DEFAULT_CHECKPOINT_INTERVAL_MS = 5_000;
    public static final long MIN_CHECKPOINT_INTERVAL_MS = 100;
    /** Well below {@link #TRANSACTION_TIMEOUT_MS}: a transaction stays open for one interval. */
    public static final long MAX_CHECKPOINT_INTERVAL_MS = 300_000;
    public static final String CHECKPOINT_INTERVAL_MS_DOC = "Checkpoint every this many ms (" + MIN_CHECKPOINT_INTERVAL_MS
            + " to " + MAX_CHECKPOINT_INTERVAL_MS + "). Alerts are written in Kafka transactions committed at each "
            + "checkpoint, so read_committed readers see them up to one interval late. Default: "
            + DEFAULT_CHECKPOINT_INTERVAL_MS + ".";

    /**
     * Kafka producer transaction timeout of the alert sink (ms). Must stay below the broker's
     * transaction.max.timeout.ms (15 min by default; Flink's own default of 1 h is refused).
     */
    public static final long TRANSACTION_TIMEOUT_MS = 600_000;

    /** One or more HOST:PORT, comma-separated; HOST is a name, IPv4 or [IPv6]. */
    private static final Pattern BOOTSTRAP =
            Pattern.compile("([A-Za-z0-9.\\-]+|\\[[0-9A-Fa-f:.]+\\]):\\d{1,5}(,([A-Za-z0-9.\\-]+|\\[[0-9A-Fa-f:.]+\\]):\\d{1,5})*");
    private static final Pattern ASSET = Pattern.compile("[A-Za-z0-9._\\-]{1,100}");
    private static final Pattern URL = Pattern.compile("https?://[^\\s/]+(/\\S*)?");
    private static final Pattern GROUP = Pattern.compile("[A-Za-z0-9._\\-]{1,200}");

    private final String kafka;
    private final String groupId;
    private final double clearRatio;
    private final long outOfOrdernessMs;
    private final long idleTimeoutMs;
    private final long checkpointIntervalMs;
    private final long windowMs;
    private final long dedupTtlMs;
    private final long holdMs;
    private final int maxOpenAlerts;
    private final int warmupWindows;
    private final double zThreshold;
    private final double minSpread;
    private final double cusumK;
    private final double cusumH;
    private final IsoVibrationZones isoClass;
    private final java.util.Map<String, IsoVibrationZones> isoClasses;
    private final String stateBackend;
    private final String checkpointDir;
    private final String archiveDir;
    private final String influxUrl;
    private final String influxOrg;
    private final String influxBucket;
    private final String influxToken;
    private final int influxBatchSize;
    private final int influxRetries;
    private final long influxTimeoutMs;
    private final String modelTrustedKeys;
    private final double modelRulHorizon;
    private final double modelFailureThreshold;
    private final int modelHistoryWindows;

    private StreamJobOptions(Builder b) {
        this.kafka = b.kafka;
        this.groupId = b.groupId;
        this.clearRatio = b.clearRatio;
        this.outOfOrdernessMs = b.outOfOrdernessMs;
        this.idleTimeoutMs = b.idleTimeoutMs;
        this.checkpointIntervalMs = b.checkpointIntervalMs;
        this.windowMs = b.windowMs;
        this.dedupTtlMs = b.dedupTtlMs;
        this.holdMs = b.holdMs;
        this.maxOpenAlerts = b.maxOpenAlerts;
        this.warmupWindows = b.warmupWindows;
        this.zThreshold = b.zThreshold;
        this.minSpread = b.minSpread;
        this.cusumK = b.cusumK;
        this.cusumH = b.cusumH;
        this.isoClass = IsoVibrationZones.parse(b.isoClass);
        this.isoClasses = parseIsoClasses(b.isoClasses);
        this.stateBackend = b.stateBackend;
        this.checkpointDir = b.checkpointDir;
        this.archiveDir = b.archiveDir;
        this.influxUrl = b.influxUrl;
        this.influxOrg = b.influxOrg;
        this.influxBucket = b.influxBucket;
        this.influxToken = b.influxToken;
        this.influxBatchSize = b.influxBatchSize;
        this.influxRetries = b.influxRetries;
        this.influxTimeoutMs = b.influxTimeoutMs;
        this.modelTrustedKeys = b.modelTrustedKeys;
        this.modelRulHorizon = b.modelRulHorizon;
        this.modelFailureThreshold = b.modelFailureThreshold;
        this.modelHistoryWindows = b.modelHistoryWindows;
    }

    /**
     * What the model detector needs, the trusted keys read from {@value #MODEL_TRUSTED_KEYS}.
     *
     * @throws IllegalArgumentException naming the option when a key file is missing or not an Ed25519 public key
     */
    public ModelSettings modelSettings() {
        java.util.Map<String, java.security.PublicKey> keys = java.util.Map.of();
        if (modelTrustedKeys != null) {
            try {
                keys = dev.prognos.core.model.ModelKeys.readTrusted(java.nio.file.Path.of(modelTrustedKeys));
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException(MODEL_TRUSTED_KEYS + " " + e.getMessage(), e);
            }
        }
        return new ModelSettings(keys, modelRulHorizon, modelFailureThreshold, modelHistoryWindows);
    }

    public java.util.Optional<String> modelTrustedKeys() {
        return java.util.Optional.ofNullable(modelTrustedKeys);
    }

    /** Every option at its default (Kafka from the environment). */
    public static StreamJobOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public String kafka() {
        return kafka;
    }

    public String groupId() {
        return groupId;
    }

    /** Prefix of the alert sink's Kafka transactional ids: unique per job, stable across restarts. */
    public String transactionalIdPrefix() {
        return groupId + "-alerts";
    }

    /** Prefix of the dead-letter sink's Kafka transactional ids. */
    public String deadLetterTransactionalIdPrefix() {
        return groupId + "-deadletters";
    }

    /** Prefix of the health sink's Kafka transactional ids. */
    public String healthTransactionalIdPrefix() {
        return groupId + "-health";
    }

    public double clearRatio() {
        return clearRatio;
    }

    /** What the detectors need. */
    public DetectorSettings detectorSettings() {
        return new DetectorSettings(windowMs, holdMs, clearRatio, maxOpenAlerts, warmupWindows, zThreshold, cusumK, cusumH,
                minSpread, isoClass, isoClasses);
    }

    public long windowMs() {
        return windowMs;
    }

    public long dedupTtlMs() {
        return dedupTtlMs;
    }

    public String stateBackend() {
        return stateBackend;
    }

    public java.util.Optional<String> checkpointDir() {
        return java.util.Optional.ofNullable(checkpointDir);
    }

    /** The training archive's directory URI; empty when the job writes no archive. */
    public java.util.Optional<String> archiveDir() {
        return java.util.Optional.ofNullable(archiveDir);
    }

    public java.util.Optional<String> influxUrl() {
        return java.util.Optional.ofNullable(influxUrl);
    }

    public String influxOrg() {
        return influxOrg;
    }

    public String influxBucket() {
        return influxBucket;
    }

    /** From env {@value #INFLUX_TOKEN_ENV}: a secret, so never on the command line nor in toString. */
    public String influxToken() {
        return influxToken;
    }

    public int influxBatchSize() {
        return influxBatchSize;
    }

    public int influxRetries() {
        return influxRetries;
    }

    public long influxTimeoutMs() {
        return influxTimeoutMs;
    }

    public long outOfOrdernessMs() {
        return outOfOrdernessMs;
    }

    public long idleTimeoutMs() {
        return idleTimeoutMs;
    }

    public long checkpointIntervalMs() {
        return checkpointIntervalMs;
    }

    @Override
    public String toString() {
        return KAFKA + " " + kafka + " " + GROUP_ID + " " + groupId + " " + CLEAR_RATIO + " " + clearRatio + " "
                + OUT_OF_ORDERNESS_MS + " " + outOfOrdernessMs + " " + IDLE_TIMEOUT_MS + " " + idleTimeoutMs + " "
                + CHECKPOINT_INTERVAL_MS + " " + checkpointIntervalMs + " " + WINDOW_MS + " " + windowMs + " "
                + DEDUP_TTL_MS + " " + dedupTtlMs + " " + HOLD_MS + " " + holdMs + " " + MAX_OPEN_ALERTS + " " + maxOpenAlerts + " "
                + WARMUP_WINDOWS + " " + warmupWindows + " " + Z_THRESHOLD + " " + zThreshold + " " + MIN_SPREAD + " " + minSpread
                + " " + CUSUM_K + " " + cusumK + " " + CUSUM_H + " " + cusumH + " " + ISO_CLASS + " " + isoClass.optionName()
                + " " + ISO_CLASSES + " " + isoClasses + " " + STATE_BACKEND + " " + stateBackend + " " + CHECKPOINT_DIR + " "
                + (checkpointDir == null ? "none" : checkpointDir) + " " + ARCHIVE_DIR + " "
                + (archiveDir == null ? "none" : archiveDir) + " " + INFLUX_URL + " " + (influxUrl == null ? "none" : influxUrl)
                + " " + INFLUX_ORG + " " + influxOrg + " " + INFLUX_BUCKET + " " + influxBucket + " " + INFLUX_BATCH + " "
                + influxBatchSize + " " + INFLUX_RETRIES + " " + influxRetries + " " + INFLUX_TIMEOUT_MS + " " + influxTimeoutMs
                + " " + MODEL_TRUSTED_KEYS + " " + (modelTrustedKeys == null ? "none" : modelTrustedKeys) + " "
                + MODEL_RUL_HORIZON + " " + modelRulHorizon + " " + MODEL_FAILURE_THRESHOLD + " " + modelFailureThreshold
                + " " + MODEL_HISTORY_WINDOWS + " " + modelHistoryWindows;
    }

    private static java.util.Map<String, IsoVibrationZones> parseIsoClasses(String spec) {
        java.util.Map<String, IsoVibrationZones> map = new java.util.TreeMap<>();
        if (spec == null || spec.isBlank()) {
            return map;
        }
        for (String pair : spec.split(",")) {
            String[] kv = pair.trim().split("=", 2);
            require(kv.length == 2 && ASSET.matcher(kv[0]).matches(), ISO_CLASSES,
                    "must be ASSET=CLASS[,ASSET=CLASS...], got '" + spec + "'");
            try {
                map.put(kv[0], IsoVibrationZones.parse(kv[1]));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(ISO_CLASSES + " " + e.getMessage() + " in '" + pair.trim() + "'");
            }
        }
        return map;
    }

    public static final class Builder {
        private String kafka = defaultKafka(System.getenv(KAFKA_ENV));
        private String groupId = DEFAULT_GROUP_ID;
        private double clearRatio = DEFAULT_CLEAR_RATIO;
        private long outOfOrdernessMs = DEFAULT_OUT_OF_ORDERNESS_MS;
        private long idleTimeoutMs = DEFAULT_IDLE_TIMEOUT_MS;
        private long checkpointIntervalMs = DEFAULT_CHECKPOINT_INTERVAL_MS;
        private long windowMs = DEFAULT_WINDOW_MS;
        private long dedupTtlMs = DEFAULT_DEDUP_TTL_MS;
        private long holdMs = DEFAULT_HOLD_MS;
        private int maxOpenAlerts = DEFAULT_MAX_OPEN_ALERTS;
        private int warmupWindows = DEFAULT_WARMUP_WINDOWS;
        private double zThreshold = DEFAULT_Z_THRESHOLD;
        private double minSpread = DEFAULT_MIN_SPREAD;
        private double cusumK = DEFAULT_CUSUM_K;
        private double cusumH = DEFAULT_CUSUM_H;
        private String isoClass = DEFAULT_ISO_CLASS;
        private String isoClasses = "";
        private String stateBackend = DEFAULT_STATE_BACKEND;
        private String checkpointDir;
        private String archiveDir;
        private String influxUrl;
        private String influxOrg = DEFAULT_INFLUX_ORG;
        private String influxBucket = DEFAULT_INFLUX_BUCKET;
        private String influxToken = System.getenv(INFLUX_TOKEN_ENV);
        private int influxBatchSize = DEFAULT_INFLUX_BATCH;
        private int influxRetries = DEFAULT_INFLUX_RETRIES;
        private long influxTimeoutMs = DEFAULT_INFLUX_TIMEOUT_MS;
        private String modelTrustedKeys;
        private double modelRulHorizon = DEFAULT_MODEL_RUL_HORIZON;
        private double modelFailureThreshold = DEFAULT_MODEL_FAILURE_THRESHOLD;
        private int modelHistoryWindows = DEFAULT_MODEL_HISTORY_WINDOWS;

        private Builder() {
        }

        public Builder modelTrustedKeys(String v) { modelTrustedKeys = v; return this; }

        public Builder modelRulHorizon(double v) { modelRulHorizon = v; return this; }

        public Builder modelFailureThreshold(double v) { modelFailureThreshold = v; return this; }

        public Builder modelHistoryWindows(int v) { modelHistoryWindows = v; return this; }

        public Builder windowMs(long v) { windowMs = v; return this; }

        public Builder dedupTtlMs(long v) { dedupTtlMs = v; return this; }

        public Builder holdMs(long v) { holdMs = v; return this; }

        public Builder maxOpenAlerts(int v) { maxOpenAlerts = v; return this; }

        public Builder warmupWindows(int v) { warmupWindows = v; return this; }

        public Builder zThreshold(double v) { zThreshold = v; return this; }

        public Builder minSpread(double v) { minSpread = v; return this; }

        public Builder cusumK(double v) { cusumK = v; return this; }

        public Builder cusumH(double v) { cusumH = v; return this; }

        public Builder isoClass(String v) { isoClass = v; return this; }

        public Builder isoClasses(String v) { isoClasses = v; return this; }

        public Builder stateBackend(String v) { stateBackend = v; return this; }

        public Builder checkpointDir(String v) { checkpointDir = v; return this; }

        public Builder archiveDir(String v) { archiveDir = v; return this; }

        public Builder influxUrl(String v) { influxUrl = v; return this; }

        public Builder influxOrg(String v) { influxOrg = v; return this; }

        public Builder influxBucket(String v) { influxBucket = v; return this; }

        public Builder influxToken(String v) { influxToken = v; return this; }

        public Builder influxBatchSize(int v) { influxBatchSize = v; return this; }

        public Builder influxRetries(int v) { influxRetries = v; return this; }

        public Builder influxTimeoutMs(long v) { influxTimeoutMs = v; return this; }

        public Builder kafka(String kafka) {
            this.kafka = kafka;
            return this;
        }

        public Builder groupId(String groupId) {
            this.groupId = groupId;
            return this;
        }

        public Builder clearRatio(double clearRatio) {
            this.clearRatio = clearRatio;
            return this;
        }

        public Builder outOfOrdernessMs(long outOfOrdernessMs) {
            this.outOfOrdernessMs = outOfOrdernessMs;
            return this;
        }

        public Builder idleTimeoutMs(long idleTimeoutMs) {
            this.idleTimeoutMs = idleTimeoutMs;
            return this;
        }

        public Builder checkpointIntervalMs(long checkpointIntervalMs) {
            this.checkpointIntervalMs = checkpointIntervalMs;
            return this;
        }

        /** @throws IllegalArgumentException naming the option whose value is wrong */
        public StreamJobOptions build() {
            require(kafka != null && BOOTSTRAP.matcher(kafka).matches() && portsValid(kafka), KAFKA,
                    "must look like HOST:PORT[,HOST:PORT...] with ports 1 to 65535, got " + quote(kafka));
            require(groupId != null && GROUP.matcher(groupId).matches(), GROUP_ID,
                    "must be 1 to 200 of letters, digits, '.', '_', '-', got " + quote(groupId));
            require(clearRatio > 0 && clearRatio < 1, CLEAR_RATIO, "must be above 0 and below 1, got " + clearRatio);
            require(outOfOrdernessMs >= 0 && outOfOrdernessMs <= MAX_OUT_OF_ORDERNESS_MS, OUT_OF_ORDERNESS_MS,
                    "must be between 0 and " + MAX_OUT_OF_ORDERNESS_MS + ", got " + outOfOrdernessMs);
            require(idleTimeoutMs >= 1000, IDLE_TIMEOUT_MS, "must be at least 1000, got " + idleTimeoutMs);
            require(checkpointIntervalMs >= MIN_CHECKPOINT_INTERVAL_MS && checkpointIntervalMs <= MAX_CHECKPOINT_INTERVAL_MS,
                    CHECKPOINT_INTERVAL_MS, "must be between " + MIN_CHECKPOINT_INTERVAL_MS + " and "
                            + MAX_CHECKPOINT_INTERVAL_MS + ", got " + checkpointIntervalMs);
            require(windowMs >= 1000 && windowMs <= 3_600_000, WINDOW_MS, "must be between 1000 and 3600000, got " + windowMs);
            require(dedupTtlMs >= 1000, DEDUP_TTL_MS, "must be at least 1000, got " + dedupTtlMs);
            require(holdMs >= 0 && holdMs <= 86_400_000, HOLD_MS, "must be between 0 and 86400000, got " + holdMs);
            require(maxOpenAlerts >= 1 && maxOpenAlerts <= 1000, MAX_OPEN_ALERTS, "must be between 1 and 1000, got " + maxOpenAlerts);
            require(warmupWindows >= 2 && warmupWindows <= 100_000, WARMUP_WINDOWS, "must be between 2 and 100000, got " + warmupWindows);
            require(Double.isFinite(zThreshold) && zThreshold > 0, Z_THRESHOLD, "must be a finite number above 0, got " + zThreshold);
            require(minSpread > 0 && minSpread <= 1, MIN_SPREAD, "must be above 0 and at most 1, got " + minSpread);
            require(cusumK >= 0 && cusumK <= 10, CUSUM_K, "must be between 0 and 10, got " + cusumK);
            require(Double.isFinite(cusumH) && cusumH > 0, CUSUM_H, "must be a finite number above 0, got " + cusumH);
            try {
                IsoVibrationZones.parse(isoClass);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(ISO_CLASS + " " + e.getMessage());
            }
            require("hashmap".equals(stateBackend) || "rocksdb".equals(stateBackend), STATE_BACKEND,
                    "must be hashmap or rocksdb, got " + quote(stateBackend));
            require(checkpointDir == null || checkpointDir.matches("[a-z][a-z0-9+.\\-]*://\\S+"), CHECKPOINT_DIR,
                    "must be a URI such as file:///var/lib/prognos/checkpoints, got " + quote(checkpointDir));
            require(archiveDir == null || archiveDir.matches("[a-z][a-z0-9+.\\-]*://\\S+"), ARCHIVE_DIR,
                    "must be a URI such as file:///var/lib/prognos/archive, got " + quote(archiveDir));
            require(influxUrl == null || URL.matcher(influxUrl).matches(), INFLUX_URL,
                    "must be an http(s) URL such as http://127.0.0.1:8086, got " + quote(influxUrl));
            require(influxOrg != null && !influxOrg.isBlank(), INFLUX_ORG, "must not be empty");
            require(influxBucket != null && ASSET.matcher(influxBucket).matches(), INFLUX_BUCKET,
                    "must be 1 to 100 of letters, digits, '.', '_', '-', got " + quote(influxBucket));
            require(influxBatchSize >= 1 && influxBatchSize <= 100_000, INFLUX_BATCH, "must be between 1 and 100000, got " + influxBatchSize);
            require(influxRetries >= 0 && influxRetries <= 20, INFLUX_RETRIES, "must be between 0 and 20, got " + influxRetries);
            require(influxTimeoutMs >= 100 && influxTimeoutMs <= 120_000, INFLUX_TIMEOUT_MS,
                    "must be between 100 and 120000, got " + influxTimeoutMs);
            require(modelTrustedKeys == null || java.nio.file.Files.exists(java.nio.file.Path.of(modelTrustedKeys)),
                    MODEL_TRUSTED_KEYS, "must be an existing PEM file or directory, got " + quote(modelTrustedKeys));
            require(Double.isFinite(modelRulHorizon) && modelRulHorizon > 0, MODEL_RUL_HORIZON,
                    "must be a finite number above 0, got " + modelRulHorizon);
            require(modelFailureThreshold > 0 && modelFailureThreshold <= 1, MODEL_FAILURE_THRESHOLD,
                    "must be above 0 and at most 1, got " + modelFailureThreshold);
            require(modelHistoryWindows >= 1 && modelHistoryWindows <= 10_000, MODEL_HISTORY_WINDOWS,
                    "must be between 1 and 10000, got " + modelHistoryWindows);
            StreamJobOptions built = new StreamJobOptions(this);
            built.modelSettings();  // a key file that is not a key stops start-up here, naming the option
            return built;
        }

        private static boolean portsValid(String servers) {
            for (String server : servers.split(",")) {
                int port = Integer.parseInt(server.substring(server.lastIndexOf(':') + 1));
                if (port < 1 || port > 65_535) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Kafka when --kafka is not given: the environment's, else {@link #DEFAULT_KAFKA}. */
    static String defaultKafka(String fromEnv) {
        return fromEnv == null || fromEnv.isBlank() ? DEFAULT_KAFKA : fromEnv.trim();
    }

    private static void require(boolean ok, String option, String problem) {
        if (!ok) {
            throw new IllegalArgumentException(option + " " + problem);
        }
    }

    private static String quote(String s) {
        return s == null ? "nothing" : "'" + s + "'";
    }
}
