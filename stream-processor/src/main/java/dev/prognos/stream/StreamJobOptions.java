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

    public static final String READING = "--reading";
    public static final String DEFAULT_READING = "vib_rms_mm_s";
    public static final String READING_DOC = "Reading the threshold rule watches (its name carries its unit). "
            + "Default: " + DEFAULT_READING + ".";

    public static final String THRESHOLD = "--threshold";
    /**
     * 7.1 mm/s RMS velocity: ISO 10816-3, boundary of zone D ("damage may occur") for group 2
     * machines (15-300 kW) on flexible foundations.
     */
    public static final double DEFAULT_THRESHOLD = 7.1;
    public static final String THRESHOLD_DOC = "Alert when the reading reaches this value, in the reading's unit "
            + "(mm/s for vib_rms_mm_s; finite, above 0). Default: " + DEFAULT_THRESHOLD
            + " (ISO 10816-3, zone D, group 2 on flexible foundations).";

    public static final String CLEAR_RATIO = "--clear-ratio";
    public static final double DEFAULT_CLEAR_RATIO = 0.9;
    public static final String CLEAR_RATIO_DOC = "Hysteresis: after an alert, the rule re-arms only once the reading "
            + "falls below threshold x this ratio (above 0, below 1). Default: " + DEFAULT_CLEAR_RATIO + ".";

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
    private static final Pattern READING_NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    private static final Pattern GROUP = Pattern.compile("[A-Za-z0-9._\\-]{1,200}");

    private final String kafka;
    private final String groupId;
    private final String reading;
    private final double threshold;
    private final double clearRatio;
    private final long outOfOrdernessMs;
    private final long idleTimeoutMs;
    private final long checkpointIntervalMs;

    private StreamJobOptions(Builder b) {
        this.kafka = b.kafka;
        this.groupId = b.groupId;
        this.reading = b.reading;
        this.threshold = b.threshold;
        this.clearRatio = b.clearRatio;
        this.outOfOrdernessMs = b.outOfOrdernessMs;
        this.idleTimeoutMs = b.idleTimeoutMs;
        this.checkpointIntervalMs = b.checkpointIntervalMs;
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

    public String reading() {
        return reading;
    }

    /** In the reading's unit (mm/s for vib_rms_mm_s). */
    public double threshold() {
        return threshold;
    }

    public double clearRatio() {
        return clearRatio;
    }

    /** The rule these options describe. */
    public ThresholdRule rule() {
        return ThresholdRule.of(reading, threshold, clearRatio);
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
        return KAFKA + " " + kafka + " " + GROUP_ID + " " + groupId + " " + READING + " " + reading + " "
                + THRESHOLD + " " + threshold + " " + CLEAR_RATIO + " " + clearRatio + " "
                + OUT_OF_ORDERNESS_MS + " " + outOfOrdernessMs + " " + IDLE_TIMEOUT_MS + " " + idleTimeoutMs + " "
                + CHECKPOINT_INTERVAL_MS + " " + checkpointIntervalMs;
    }

    public static final class Builder {
        private String kafka = defaultKafka(System.getenv(KAFKA_ENV));
        private String groupId = DEFAULT_GROUP_ID;
        private String reading = DEFAULT_READING;
        private double threshold = DEFAULT_THRESHOLD;
        private double clearRatio = DEFAULT_CLEAR_RATIO;
        private long outOfOrdernessMs = DEFAULT_OUT_OF_ORDERNESS_MS;
        private long idleTimeoutMs = DEFAULT_IDLE_TIMEOUT_MS;
        private long checkpointIntervalMs = DEFAULT_CHECKPOINT_INTERVAL_MS;

        private Builder() {
        }

        public Builder kafka(String kafka) {
            this.kafka = kafka;
            return this;
        }

        public Builder groupId(String groupId) {
            this.groupId = groupId;
            return this;
        }

        public Builder reading(String reading) {
            this.reading = reading;
            return this;
        }

        public Builder threshold(double threshold) {
            this.threshold = threshold;
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
            require(reading != null && READING_NAME.matcher(reading).matches(), READING,
                    "must be a reading name such as vib_rms_mm_s (lower case, digits, '_'), got " + quote(reading));
            require(Double.isFinite(threshold) && threshold > 0, THRESHOLD,
                    "must be a finite number above 0, got " + threshold);
            require(clearRatio > 0 && clearRatio < 1, CLEAR_RATIO, "must be above 0 and below 1, got " + clearRatio);
            require(outOfOrdernessMs >= 0 && outOfOrdernessMs <= MAX_OUT_OF_ORDERNESS_MS, OUT_OF_ORDERNESS_MS,
                    "must be between 0 and " + MAX_OUT_OF_ORDERNESS_MS + ", got " + outOfOrdernessMs);
            require(idleTimeoutMs >= 1000, IDLE_TIMEOUT_MS, "must be at least 1000, got " + idleTimeoutMs);
            require(checkpointIntervalMs >= MIN_CHECKPOINT_INTERVAL_MS && checkpointIntervalMs <= MAX_CHECKPOINT_INTERVAL_MS,
                    CHECKPOINT_INTERVAL_MS, "must be between " + MIN_CHECKPOINT_INTERVAL_MS + " and "
                            + MAX_CHECKPOINT_INTERVAL_MS + ", got " + checkpointIntervalMs);
            return new StreamJobOptions(this);
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
