package dev.prognos.simulators;

import dev.prognos.core.telemetry.TelemetryJson;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Settings of a simulated fleet, validated when built. Each key has its option name, a doc string
 * and a default; an invalid value is refused with a message that names the option.
 */
public final class SimulatorOptions {

    public static final String DEVICES = "--devices";
    public static final int DEFAULT_DEVICES = 20;
    public static final int MAX_DEVICES = 100_000;
    public static final String DEVICES_DOC = "Number of devices, pump-001 upwards (1 to 100000). Default: " + DEFAULT_DEVICES + ".";
    
    public static final String BROKER = "--broker";
    public static final String BROKER_DOC = "MQTT broker, tcp://HOST:PORT or ssl://HOST:PORT "
            + "(default: env PROGNOS_MQTT_BROKER, else tcp://127.0.0.1:1883).";
    public static final String BROKER_ENV = "PROGNOS_MQTT_BROKER";
    public static final String DEFAULT_BROKER = "tcp://127.0.0.1:1883";

    public static final String SITE = "--site";
    public static final String DEFAULT_SITE = "plant-a";
    public static final String SITE_DOC = "Site the devices belong to; a topic level, so letters, digits, '.', '_', '-'. Default: " + DEFAULT_SITE + ".";

    public static final String RATE_HZ = "--rate-hz";
    public static final String RATE_HZ_DOC = "Readings per second per device (above 0, at most 100). Default: 1.";
    public static final double DEFAULT_RATE_HZ = 1.0;
    public static final double MAX_RATE_HZ = 100.0;

    public static final String SEED = "--seed";
    public static final long DEFAULT_SEED = 42L;
    public static final String SEED_DOC = "Seed of the fleet: the same seed gives the same machines, onsets and failure times. Default: " + DEFAULT_SEED + ".";

    public static final String FAILURE_MIN = "--failure-min";
    public static final String FAILURE_MIN_DOC = "Earliest failure after start, e.g. 45s, 2m, PT45S (at least 1s). Default: 45s.";
    public static final Duration DEFAULT_FAILURE_MIN = Duration.ofSeconds(45);

    public static final String FAILURE_MAX = "--failure-max";
    public static final String FAILURE_MAX_DOC = "Latest failure after start, e.g. 10m, 1h (not below --failure-min). Default: 10m.";
    public static final Duration DEFAULT_FAILURE_MAX = Duration.ofMinutes(10);

    public static final String DURATION = "--duration";
    public static final String DURATION_DOC = "Run for this long, then stop and exit, e.g. 90s, 5m (default: until Ctrl-C).";

    public static final String READINGS = "--readings";
    public static final String READINGS_DOC = "Stop after this many readings per device (default: no limit).";

    public static final String SPEED = "--speed";
    public static final double DEFAULT_SPEED = 1.0;
    public static final double MAX_SPEED = 1e7;
    public static final String SPEED_DOC = "Time compression: machine seconds of wear per real second (1 to 10000000), e.g. "
            + "4320 runs a month of wear in 10 minutes. --failure-min/--failure-max are in machine time. Default: 1.";

    public enum Mode {
        /** Real edge agents on simulated boards (AgentFleet). */
        AGENTS,
        /** One MQTT client publishing every device's readings straight from the models (Fleet): a load generator. */
        DIRECT
    }

    public static final String MODE = "--mode";
    public static final Mode DEFAULT_MODE = Mode.AGENTS;
    public static final String MODE_DOC = "agents: one real edge agent per device (durable outbox, drivers on simulated "
            + "chips); direct: one MQTT client publishing the models' readings, a load generator for large fleets. "
            + "Default: agents.";

    public static final String DATA_DIR = "--data-dir";
    public static final Path DEFAULT_DATA_DIR = Path.of(".prognos", "simulate");
    public static final String DATA_DIR_DOC = "agents mode: each device's agent.yaml and outbox under DIR/<device>/ "
            + "(seq survives restarts). Default: .prognos/simulate.";

    public static final String GROUND_TRUTH = "--ground-truth";
    public static final String GROUND_TRUTH_DOC = "Write device,fault,onset_ms,failure_ms for every device to this CSV file at start.";

    private static final Set<String> BROKER_SCHEMES = Set.of("tcp", "ssl", "ws", "wss");

    private final int devices;
    private final String broker;
    private final String site;
    private final double rateHz;
    private final long seed;
    private final Duration failureMin;
    private final Duration failureMax;
    private final Duration duration;
    private final Long readings;
    private final Path groundTruth;
    private final double speed;
    private final Mode mode;
    private final Path dataDir;

    private SimulatorOptions(Builder b) {
        this.speed = b.speed;
        this.mode = b.mode;
        this.dataDir = b.dataDir;
        this.devices = b.devices;
        this.broker = b.broker;
        this.site = b.site;
        this.rateHz = b.rateHz;
        this.seed = b.seed;
        this.failureMin = b.failureMin;
        this.failureMax = b.failureMax;
        this.duration = b.duration;
        this.readings = b.readings;
        this.groundTruth = b.groundTruth;
    }

    /** Every option at its default (the broker from the environment). */
    public static SimulatorOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public int devices() {
        return devices;
    }

    public String broker() {
        return broker;
    }

    public String site() {
        return site;
    }

    public double rateHz() {
        return rateHz;
    }

    /** Time between two readings of one device (ms, at least 10). */
    public long periodMillis() {
        return Math.round(1000.0 / rateHz);
    }

    public long seed() {
        return seed;
    }

    public Duration failureMin() {
        return failureMin;
    }

    public Duration failureMax() {
        return failureMax;
    }

    /** How long to run; empty to run until stopped. */
    public Optional<Duration> duration() {
        return Optional.ofNullable(duration);
    }

    /** Readings per device before stopping; empty for no limit. */
    public Optional<Long> readings() {
        return Optional.ofNullable(readings);
    }

    public Optional<Path> groundTruth() {
        return Optional.ofNullable(groundTruth);
    }

    /** Machine seconds per real second. */
    public double speed() {
        return speed;
    }

    public Mode mode() {
        return mode;
    }

    public Path dataDir() {
        return dataDir;
    }

    @Override
    public String toString() {
        return DEVICES + " " + devices + " " + BROKER + " " + broker + " " + SITE + " " + site + " " + RATE_HZ + " " + rateHz
                + " " + SEED + " " + seed + " " + FAILURE_MIN + " " + failureMin + " " + FAILURE_MAX + " " + failureMax
                + (duration == null ? "" : " " + DURATION + " " + duration)
                + (readings == null ? "" : " " + READINGS + " " + readings)
                + (groundTruth == null ? "" : " " + GROUND_TRUTH + " " + groundTruth)
                + " " + SPEED + " " + speed + " " + MODE + " " + mode.name().toLowerCase(java.util.Locale.ROOT) + " " + DATA_DIR + " " + dataDir;
    }

    public static final class Builder {
        private int devices = DEFAULT_DEVICES;
        private String broker = defaultBroker(System.getenv(BROKER_ENV));
        private String site = DEFAULT_SITE;
        private double rateHz = DEFAULT_RATE_HZ;
        private long seed = DEFAULT_SEED;
        private Duration failureMin = DEFAULT_FAILURE_MIN;
        private Duration failureMax = DEFAULT_FAILURE_MAX;
        private Duration duration;
        private Long readings;
        private Path groundTruth;
        private double speed = DEFAULT_SPEED;
        private Mode mode = DEFAULT_MODE;
        private Path dataDir = DEFAULT_DATA_DIR;

        private Builder() {
        }

        public Builder speed(double speed) {
            this.speed = speed;
            return this;
        }

        public Builder mode(Mode mode) {
            this.mode = mode;
            return this;
        }

        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        public Builder devices(int devices) {
            this.devices = devices;
            return this;
        }

        public Builder broker(String broker) {
            this.broker = broker;
            return this;
        }

        public Builder site(String site) {
            this.site = site;
            return this;
        }

        public Builder rateHz(double rateHz) {
            this.rateHz = rateHz;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder failureMin(Duration failureMin) {
            this.failureMin = failureMin;
            return this;
        }

        public Builder failureMax(Duration failureMax) {
            this.failureMax = failureMax;
            return this;
        }

        /** @param duration how long to run; null to run until stopped */
        public Builder duration(Duration duration) {
            this.duration = duration;
            return this;
        }

        /** @param readings readings per device before stopping, at least 1; null for no limit */
        public Builder readings(Long readings) {
            this.readings = readings;
            return this;
        }

        /** @param groundTruth CSV file to write at start; null for none */
        public Builder groundTruth(Path groundTruth) {
            this.groundTruth = groundTruth;
            return this;
        }

        /** @throws IllegalArgumentException naming the option whose value is wrong */
        public SimulatorOptions build() {
            require(devices >= 1 && devices <= MAX_DEVICES, DEVICES, "must be between 1 and " + MAX_DEVICES + ", got " + devices);
            validateBroker(broker);
            require(site != null && TelemetryJson.ID.matcher(site).matches(), SITE,
                    "must match " + TelemetryJson.ID.pattern() + ", got " + quote(site));
            require(Double.isFinite(rateHz) && rateHz > 0 && rateHz <= MAX_RATE_HZ, RATE_HZ,
                    "must be above 0 and at most " + MAX_RATE_HZ + ", got " + rateHz);
            require(failureMin != null && failureMin.compareTo(Duration.ofSeconds(1)) >= 0, FAILURE_MIN,
                    "must be at least 1s, got " + failureMin);
            require(failureMax != null && failureMax.compareTo(failureMin) >= 0, FAILURE_MAX,
                    "must not be below " + FAILURE_MIN + " " + failureMin + ", got " + failureMax);
            require(duration == null || (!duration.isNegative() && !duration.isZero()), DURATION,
                    "must be above zero, got " + duration);
            require(readings == null || readings >= 1, READINGS, "must be at least 1, got " + readings);
            require(Double.isFinite(speed) && speed >= 1 && speed <= MAX_SPEED, SPEED,
                    "must be between 1 and " + (long) MAX_SPEED + ", got " + speed);
            require(mode != null, MODE, "must be agents or direct");
            require(readings == null || mode == Mode.DIRECT, READINGS, "works in " + MODE + " direct only (agents run until stopped)");
            require(mode != Mode.AGENTS || rateHz <= 10, RATE_HZ, "must be at most 10 in " + MODE + " agents, got " + rateHz);
            require(dataDir != null, DATA_DIR, "is required");
            return new SimulatorOptions(this);
        }

        private static void validateBroker(String broker) {
            require(broker != null && !broker.isBlank(), BROKER, "is required (tcp://HOST:PORT)");
            String schemes = BROKER_SCHEMES.stream().sorted().map(s -> s + "://").toList().toString();
            require(BROKER_SCHEMES.stream().anyMatch(s -> broker.startsWith(s + "://")), BROKER,
                    "must start with one of " + schemes + ", got " + quote(broker));
            URI uri;
            try {
                uri = new URI(broker);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException(BROKER + " is not a URI: " + quote(broker) + " (" + e.getReason() + ")");
            }
            require(uri.getHost() != null && uri.getPort() > 0, BROKER, "must name a host and a port, like tcp://127.0.0.1:1883, got " + quote(broker));
        }

    }

    /** The broker when --broker is not given: the environment's, else {@link #DEFAULT_BROKER}. */
    static String defaultBroker(String fromEnv) {
        return fromEnv == null || fromEnv.isBlank() ? DEFAULT_BROKER : fromEnv.trim();
    }

    private static void require(boolean ok, String option, String problem) {
        if (!ok) {
            throw new IllegalArgumentException(option + " " + problem);
        }
    }

    private static String quote(String s) {
        return s == null ? "nothing" : "\"" + s + "\"";
    }
}
