package dev.prognos.edge;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.prognos.core.model.ModelKeys;
import dev.prognos.core.telemetry.TelemetryJson;
import dev.prognos.edge.internal.Fields;
import dev.prognos.edge.internal.Problems;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The agent's configuration: one YAML file (see {@code src/main/dist/agent.example.yaml}),
 * overridable per key by environment variables, validated at load. Each key has a constant for its
 * YAML path, a doc string, its environment variable where it has one, and a default where it is
 * optional. Relative file paths are resolved against the directory of the configuration file.
 */
public final class AgentOptions {

    // ----- device -------------------------------------------------------------------------------
    public static final String DEVICE_ID = "device.id";
    public static final String DEVICE_ID_ENV = "PROGNOS_DEVICE_ID";
    public static final String DEVICE_ID_DOC = "Device id, unique in the fleet: a topic level and Kafka key, so "
            + "letters, digits, '.', '_', '-' (at most 64, starting with a letter or digit). Required.";

    public static final String SITE = "device.site";
    public static final String SITE_ENV = "PROGNOS_SITE";
    public static final String SITE_DOC = "Site the device belongs to; same rules as " + DEVICE_ID + ". Required.";

    public static final String ASSET_TYPE = "device.asset-type";
    public static final String ASSET_TYPE_ENV = "PROGNOS_ASSET_TYPE";
    public static final String ASSET_TYPE_DOC = "Kind of machine monitored (e.g. centrifugal-pump): selects the "
            + "rules and the model the device receives; same rules as " + DEVICE_ID + ". Required.";

    // ----- broker -------------------------------------------------------------------------------
    public static final String BROKER_URL = "broker.url";
    public static final String BROKER_URL_ENV = "PROGNOS_BROKER";
    public static final String DEFAULT_BROKER_URL = "ssl://localhost:8883";
    public static final String BROKER_URL_DOC = "MQTT 5 broker: ssl://HOST:PORT or wss:// (TLS), tcp:// or ws:// "
            + "(plain, for a local test broker only). Default: " + DEFAULT_BROKER_URL + ".";

    public static final String TLS_CA = "broker.tls.ca";
    public static final String TLS_CA_ENV = "PROGNOS_TLS_CA";
    public static final String TLS_CA_DOC = "PEM file of the CA that signed the broker's certificate. "
            + "Default: the JVM's trust store.";

    public static final String TLS_CERT = "broker.tls.cert";
    public static final String TLS_CERT_ENV = "PROGNOS_TLS_CERT";
    public static final String TLS_CERT_DOC = "PEM client certificate for mutual TLS; needs " + "broker.tls.key. Default: none.";

    public static final String TLS_KEY = "broker.tls.key";
    public static final String TLS_KEY_ENV = "PROGNOS_TLS_KEY";
    public static final String TLS_KEY_DOC = "PEM private key of " + TLS_CERT + " (PKCS#8, unencrypted, mode 0600). Default: none.";

    public static final String CREDENTIALS_FILE = "broker.credentials-file";
    public static final String CREDENTIALS_FILE_ENV = "PROGNOS_CREDENTIALS_FILE";
    public static final String CREDENTIALS_FILE_DOC = "File holding the device's MQTT username and password "
            + "(as written by ./prognos provision); passwords are never accepted inline. Default: none "
            + "(client-certificate or anonymous login).";

    // ----- sensors ------------------------------------------------------------------------------
    public static final String SENSORS = "sensors";
    public static final String SENSORS_DOC = "Sensors the agent reads: a list of entries, each with a type, its wiring, "
            + "its rate and parameters (SensorOptions documents every key). Default: none.";

    // ----- outbox -------------------------------------------------------------------------------
    public static final String OUTBOX_MAX_BYTES = "outbox.max-bytes";
    public static final String OUTBOX_MAX_BYTES_ENV = "PROGNOS_OUTBOX_MAX_BYTES";
    public static final long DEFAULT_OUTBOX_MAX_BYTES = 64L * 1024 * 1024;
    /** One largest telemetry message must fit. */
    public static final long MIN_OUTBOX_MAX_BYTES = TelemetryJson.MAX_BYTES;
    public static final long MAX_OUTBOX_MAX_BYTES = 1L << 40;
    public static final String OUTBOX_MAX_BYTES_DOC = "Disk the outbox may use, in bytes, or with a suffix KiB, MiB, "
            + "GiB (64 KiB .. 1 TiB). Default: 64MiB.";

    public static final String OUTBOX_POLICY = "outbox.policy";
    public static final String OUTBOX_POLICY_ENV = "PROGNOS_OUTBOX_POLICY";
    public static final OutboxPolicy DEFAULT_OUTBOX_POLICY = OutboxPolicy.DROP_OLDEST;
    public static final String OUTBOX_POLICY_DOC = "When the outbox is full: drop-oldest (keep the newest readings) "
            + "or refuse-new (keep the oldest). Default: drop-oldest.";

    public static final String OUTBOX_FLUSH_RATE = "outbox.flush-rate-per-s";
    public static final String OUTBOX_FLUSH_RATE_ENV = "PROGNOS_OUTBOX_FLUSH_RATE_PER_S";
    public static final int DEFAULT_OUTBOX_FLUSH_RATE = 100;
    public static final String OUTBOX_FLUSH_RATE_DOC = "Messages per second published when draining a backlog "
            + "after a disconnection, so a fleet reconnecting at once does not flood the broker (1..100000). "
            + "Default: 100.";

    // ----- model --------------------------------------------------------------------------------
    public static final String MODEL_TRUSTED_KEYS = "model.trusted-keys";
    public static final String MODEL_TRUSTED_KEYS_ENV = "PROGNOS_MODEL_TRUSTED_KEYS";
    public static final String MODEL_TRUSTED_KEYS_DOC = "Ed25519 public keys whose signed models the device accepts: "
            + "one PEM file (model-signing.pub from ./prognos keys init) or a directory of *.pub/*.pem files. "
            + "Default: none (the agent takes no model and does not subscribe to the model topic).";

    public static final String MODEL_WINDOW_MS = "model.window-ms";
    public static final String MODEL_WINDOW_MS_ENV = "PROGNOS_MODEL_WINDOW_MS";
    public static final long DEFAULT_MODEL_WINDOW_MS = 10_000;
    public static final String MODEL_WINDOW_MS_DOC = "The model's sample period, ms: one sample per tumbling window of "
            + "this length (each reading's window mean), as the stream job and the archive trainer build them; keep it "
            + "equal to the stream job's --window-ms (1000..3600000). Default: 10000, as the stream job.";

    public static final String MODEL_RUL_HORIZON = "model.rul-horizon";
    public static final String MODEL_RUL_HORIZON_ENV = "PROGNOS_MODEL_RUL_HORIZON";
    public static final double DEFAULT_MODEL_RUL_HORIZON = 30.0;
    public static final String MODEL_RUL_HORIZON_DOC = "Local alert on the device's alert topic when the model's rul output "
            + "is below this, in that output's unit (cycles, h); above 0. Default: 30, as the stream job.";

    public static final String MODEL_FAILURE_THRESHOLD = "model.failure-threshold";
    public static final String MODEL_FAILURE_THRESHOLD_ENV = "PROGNOS_MODEL_FAILURE_THRESHOLD";
    public static final double DEFAULT_MODEL_FAILURE_THRESHOLD = 0.5;
    public static final String MODEL_FAILURE_THRESHOLD_DOC = "Local alert when the model's failure_probability output is "
            + "at or above this; above 0, at most 1. Default: 0.5, as the stream job.";

    /** Environment variable → the key it overrides, in documentation order. */
    public static final Map<String, String> ENVIRONMENT = envMap();

    private static final Set<String> BROKER_SCHEMES = Set.of("tcp", "ssl", "ws", "wss");
    private static final Set<String> TLS_SCHEMES = Set.of("ssl", "wss");

    /** TLS files; each is empty when not configured. */
    public record Tls(Optional<Path> ca, Optional<Path> cert, Optional<Path> key) {
    }

    public enum OutboxPolicy {
        DROP_OLDEST("drop-oldest"), REFUSE_NEW("refuse-new");

        /** The spelling in the configuration file. */
        public final String configName;

        OutboxPolicy(String configName) {
            this.configName = configName;
        }

        static Optional<OutboxPolicy> parse(String s) {
            for (OutboxPolicy p : values()) {
                if (p.configName.equals(s)) {
                    return Optional.of(p);
                }
            }
            return Optional.empty();
        }
    }

    /** Outbox limits. */
    public record Outbox(long maxBytes, OutboxPolicy policy, int flushRatePerSecond) {
    }

    public static final Outbox DEFAULT_OUTBOX = new Outbox(DEFAULT_OUTBOX_MAX_BYTES, DEFAULT_OUTBOX_POLICY,
            DEFAULT_OUTBOX_FLUSH_RATE);

    private final Path file;
    private final String deviceId;
    private final String site;
    private final String assetType;
    private final URI brokerUrl;
    private final Tls tls;
    private final Optional<Path> credentialsFile;
    private final List<SensorOptions> sensors;
    private final Outbox outbox;
    private final Optional<Path> modelTrustedKeys;
    private final long modelWindowMs;
    private final double modelRulHorizon;
    private final double modelFailureThreshold;

    private AgentOptions(Path file, String deviceId, String site, String assetType, URI brokerUrl, Tls tls,
                         Optional<Path> credentialsFile, List<SensorOptions> sensors, Outbox outbox,
                         Optional<Path> modelTrustedKeys, long modelWindowMs, double modelRulHorizon,
                         double modelFailureThreshold) {
        this.file = file;
        this.deviceId = deviceId;
        this.site = site;
        this.assetType = assetType;
        this.brokerUrl = brokerUrl;
        this.tls = tls;
        this.credentialsFile = credentialsFile;
        this.sensors = List.copyOf(sensors);
        this.outbox = outbox;
        this.modelTrustedKeys = modelTrustedKeys;
        this.modelWindowMs = modelWindowMs;
        this.modelRulHorizon = modelRulHorizon;
        this.modelFailureThreshold = modelFailureThreshold;
    }

    /** Loads {@code file}, with overrides from this process's environment. */
    public static AgentOptions load(Path file) {
        return load(file, System.getenv());
    }

    /**
     * Loads {@code file}; variables of {@link #ENVIRONMENT} present and non-blank in {@code env}
     * replace the file's value of their key.
     *
     * @throws InvalidOptionsException naming the file and every key that was wrong
     */
    public static AgentOptions load(Path file, Map<String, String> env) {
        Problems problems = new Problems();
        JsonNode root = readYaml(file);
        if (root == null || root.isNull() || root.isMissingNode()) {
            root = JsonNodeFactory.instance.objectNode();
        }
        if (root.isObject()) {
            applyEnvironment((ObjectNode) root, env, problems);
        }
        Path base = file.toAbsolutePath().getParent();

        Fields top = Fields.of(root, "", problems, List.of("device", "broker", SENSORS, "outbox", "model"));

        Fields device = Fields.of(top.raw("device"), "device", problems, List.of("id", "site", "asset-type"));
        String deviceId = id(device, "id");
        String site = id(device, "site");
        String assetType = id(device, "asset-type");

        Fields broker = Fields.of(top.raw("broker"), "broker", problems, List.of("url", "tls", "credentials-file", "password"));
        if (broker.raw("password") != null) {
            broker.problem("password", "inline passwords are not accepted: put the credentials in a file "
                    + "readable only by the agent and name it in " + CREDENTIALS_FILE);
        }
        URI url = brokerUrl(broker);
        Fields tlsFields = Fields.of(broker.raw("tls"), "broker.tls", problems, List.of("ca", "cert", "key"));
        Tls tls = new Tls(path(tlsFields, "ca", base), path(tlsFields, "cert", base), path(tlsFields, "key", base));
        if (tls.cert().isPresent() != tls.key().isPresent()) {
            tlsFields.problem(tls.cert().isPresent() ? "key" : "cert",
                    "is required when " + (tls.cert().isPresent() ? TLS_CERT : TLS_KEY) + " is given (mutual TLS needs both)");
        }
        boolean anyTls = tls.ca().isPresent() || tls.cert().isPresent();
        if (url != null && anyTls && !TLS_SCHEMES.contains(url.getScheme())) {
            broker.problem("url", "TLS files are configured but the URL is " + url.getScheme()
                    + "://, which does not use TLS; use ssl:// or wss://");
        }
        Optional<Path> credentials = path(broker, "credentials-file", base);

        List<SensorOptions> sensors = SensorOptions.parseList(top, SENSORS, problems);
        Outbox outbox = outbox(Fields.of(top.raw("outbox"), "outbox", problems,
                List.of("max-bytes", "policy", "flush-rate-per-s")), DEFAULT_OUTBOX);

        Fields model = Fields.of(top.raw("model"), "model", problems, List.of("trusted-keys", "window-ms", "rul-horizon",
                "failure-threshold"));
        Optional<Path> trustedKeys = path(model, "trusted-keys", base);
        long windowMs = model.integer("window-ms", 1_000, 3_600_000, false).orElse(DEFAULT_MODEL_WINDOW_MS);
        double horizon = model.positive("rul-horizon", 1e9).orElse(DEFAULT_MODEL_RUL_HORIZON);
        double threshold = model.positive("failure-threshold", 1).orElse(DEFAULT_MODEL_FAILURE_THRESHOLD);

        problems.throwIfAny(file);
        return new AgentOptions(file, deviceId, site, assetType, url, tls, credentials, sensors, outbox, trustedKeys,
                windowMs, horizon, threshold);
    }

    /**
     * Checks that every configured file exists and is readable. Separate from {@link #load} so a
     * configuration can be checked on a build machine before the device's files are provisioned.
     *
     * @throws InvalidOptionsException naming each missing or unreadable file by its key
     */
    public AgentOptions checkFilesReadable() {
        Problems problems = new Problems();
        Map<String, Optional<Path>> files = new LinkedHashMap<>();
        files.put(TLS_CA, tls.ca());
        files.put(TLS_CERT, tls.cert());
        files.put(TLS_KEY, tls.key());
        files.put(CREDENTIALS_FILE, credentialsFile);
        files.forEach((key, p) -> p.ifPresent(path -> {
            if (!Files.isRegularFile(path)) {
                problems.add(key, "no such file: " + path);
            } else if (!Files.isReadable(path)) {
                problems.add(key, "not readable by this user: " + path);
            }
        }));
        modelTrustedKeys.ifPresent(path -> trustedKeysProblem(path).ifPresent(m -> problems.add(MODEL_TRUSTED_KEYS, m)));
        problems.throwIfAny(file);
        return this;
    }

    /**
     * The public keys of {@link #MODEL_TRUSTED_KEYS} by key id; empty when the key is not set.
     *
     * @throws InvalidOptionsException naming the key when its file or directory is missing or holds no Ed25519 public key
     */
    public Map<String, PublicKey> trustedModelKeys() {
        if (modelTrustedKeys.isEmpty()) {
            return Map.of();
        }
        Path path = modelTrustedKeys.get();
        Optional<String> problem = trustedKeysProblem(path);
        if (problem.isPresent()) {
            throw new InvalidOptionsException(file, List.of(new InvalidOptionsException.Problem(MODEL_TRUSTED_KEYS, problem.get())));
        }
        try {
            return ModelKeys.readTrusted(path);
        } catch (IOException e) {
            throw new InvalidOptionsException(file, List.of(new InvalidOptionsException.Problem(MODEL_TRUSTED_KEYS, e.getMessage())));
        }
    }

    private static Optional<String> trustedKeysProblem(Path path) {
        if (!Files.exists(path)) {
            return Optional.of("no such file or directory: " + path);
        }
        if (!Files.isReadable(path)) {
            return Optional.of("not readable by this user: " + path);
        }
        try {
            ModelKeys.readTrusted(path);
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(e.getMessage());
        }
    }

    public Path file() {
        return file;
    }

    public String deviceId() {
        return deviceId;
    }

    public String site() {
        return site;
    }

    public String assetType() {
        return assetType;
    }

    public URI brokerUrl() {
        return brokerUrl;
    }

    public Tls tls() {
        return tls;
    }

    public Optional<Path> credentialsFile() {
        return credentialsFile;
    }

    public List<SensorOptions> sensors() {
        return sensors;
    }

    public Outbox outbox() {
        return outbox;
    }

    /** {@link #MODEL_TRUSTED_KEYS}: a PEM file or a directory of them; empty when models are off. */
    public Optional<Path> modelTrustedKeys() {
        return modelTrustedKeys;
    }

    /** {@link #MODEL_WINDOW_MS}: the model's sample period, ms. */
    public long modelWindowMs() {
        return modelWindowMs;
    }

    /** {@link #MODEL_RUL_HORIZON}, in the unit of the model's rul output. */
    public double modelRulHorizon() {
        return modelRulHorizon;
    }

    /** {@link #MODEL_FAILURE_THRESHOLD}, a probability. */
    public double modelFailureThreshold() {
        return modelFailureThreshold;
    }

    @Override
    public String toString() {
        return "AgentOptions[file=" + file + ", device=" + deviceId + ", site=" + site + ", asset=" + assetType
                + ", broker=" + brokerUrl + ", tls=" + tls + ", credentials=" + credentialsFile
                + ", sensors=" + sensors + ", outbox=" + outbox + ", model.trusted-keys=" + modelTrustedKeys
                + ", model.window-ms=" + modelWindowMs + ", model.rul-horizon=" + modelRulHorizon + ", model.failure-threshold=" + modelFailureThreshold + "]";
    }

    // ----- loading ------------------------------------------------------------------------------

    private static JsonNode readYaml(Path file) {
        YAMLMapper yaml = YAMLMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
        try {
            return yaml.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr();
            throw new InvalidOptionsException(file, List.of(new InvalidOptionsException.Problem("(file)",
                    "not valid YAML" + where + ": " + e.getOriginalMessage())));
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new InvalidOptionsException(file, List.of(new InvalidOptionsException.Problem("(file)", "no such file")));
        } catch (IOException e) {
            throw new InvalidOptionsException(file, List.of(new InvalidOptionsException.Problem("(file)",
                    "cannot be read: " + e.getMessage())));
        }
    }

    private static void applyEnvironment(ObjectNode root, Map<String, String> env, Problems problems) {
        ENVIRONMENT.forEach((var, key) -> {
            String value = env.get(var);
            if (value == null || value.isBlank()) {
                return;
            }
            String[] parts = key.split("\\.");
            ObjectNode node = root;
            for (int i = 0; i < parts.length - 1; i++) {
                JsonNode child = node.get(parts[i]);
                if (child == null || !child.isObject()) {
                    // A non-mapping here is reported by the validation of the file itself.
                    if (child != null && !child.isNull()) {
                        return;
                    }
                    child = node.putObject(parts[i]);
                }
                node = (ObjectNode) child;
            }
            node.put(parts[parts.length - 1], value.trim());
            problems.origin(key, var);
        });
    }

    private static String id(Fields f, String name) {
        Optional<String> v = f.required(name);
        if (v.isPresent() && !TelemetryJson.ID.matcher(v.get()).matches()) {
            f.problem(name, "must match " + TelemetryJson.ID.pattern()
                    + " (letters, digits, '.', '_', '-'; no '/', '+', '#' or spaces), got '" + v.get() + "'");
            return null;
        }
        return v.orElse(null);
    }

    private static URI brokerUrl(Fields broker) {
        String s = broker.text("url").orElse(broker.raw("url") == null ? DEFAULT_BROKER_URL : null);
        if (s == null) {
            return null;
        }
        URI uri;
        try {
            uri = new URI(s);
        } catch (URISyntaxException e) {
            broker.problem("url", "not a valid URL: " + e.getMessage());
            return null;
        }
        if (uri.getScheme() == null || !BROKER_SCHEMES.contains(uri.getScheme())) {
            broker.problem("url", "must start with one of ssl://, wss://, tcp://, ws://, got '" + s + "'");
            return null;
        }
        if (uri.getHost() == null) {
            broker.problem("url", "must name a host, e.g. ssl://broker.example.com:8883, got '" + s + "'");
            return null;
        }
        return uri;
    }

    private static Optional<Path> path(Fields f, String name, Path base) {
        return f.text(name).map(s -> base.resolve(Path.of(s)).normalize());
    }

    /** The outbox keys of {@code f}; an absent key keeps its value from {@code base}. */
    static Outbox outbox(Fields f, Outbox base) {
        long maxBytes = base.maxBytes();
        Optional<String> size = f.text("max-bytes");
        if (size.isPresent()) {
            Long parsed = parseSize(size.get());
            if (parsed == null) {
                f.problem("max-bytes", "must be a size in bytes, optionally with KiB, MiB or GiB, got '" + size.get() + "'");
            } else if (parsed < MIN_OUTBOX_MAX_BYTES || parsed > MAX_OUTBOX_MAX_BYTES) {
                f.problem("max-bytes", "must be 64KiB (one largest message) .. 1TiB, got " + size.get());
            } else {
                maxBytes = parsed;
            }
        }
        OutboxPolicy policy = base.policy();
        Optional<String> p = f.text("policy");
        if (p.isPresent()) {
            Optional<OutboxPolicy> parsed = OutboxPolicy.parse(p.get());
            if (parsed.isEmpty()) {
                f.problem("policy", "must be drop-oldest or refuse-new, got '" + p.get() + "'");
            } else {
                policy = parsed.get();
            }
        }
        int flush = f.raw("flush-rate-per-s") == null ? base.flushRatePerSecond()
                : f.integer("flush-rate-per-s", 1, 100_000, false).map(Long::intValue).orElse(base.flushRatePerSecond());
        return new Outbox(maxBytes, policy, flush);
    }

    /** Bytes, or a whole number with KiB, MiB or GiB (powers of 1024); null if it is neither. */
    static Long parseSize(String s) {
        String t = s.replace("_", "").trim();
        long unit = 1;
        for (String[] suffix : new String[][] {{"KiB", "1024"}, {"MiB", "1048576"}, {"GiB", "1073741824"}}) {
            if (t.endsWith(suffix[0])) {
                unit = Long.parseLong(suffix[1]);
                t = t.substring(0, t.length() - suffix[0].length()).trim();
                break;
            }
        }
        try {
            long n = Long.parseLong(t);
            return n < 0 || n > Long.MAX_VALUE / unit ? null : n * unit;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Map<String, String> envMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(DEVICE_ID_ENV, DEVICE_ID);
        m.put(SITE_ENV, SITE);
        m.put(ASSET_TYPE_ENV, ASSET_TYPE);
        m.put(BROKER_URL_ENV, BROKER_URL);
        m.put(TLS_CA_ENV, TLS_CA);
        m.put(TLS_CERT_ENV, TLS_CERT);
        m.put(TLS_KEY_ENV, TLS_KEY);
        m.put(CREDENTIALS_FILE_ENV, CREDENTIALS_FILE);
        m.put(OUTBOX_MAX_BYTES_ENV, OUTBOX_MAX_BYTES);
        m.put(OUTBOX_POLICY_ENV, OUTBOX_POLICY);
        m.put(OUTBOX_FLUSH_RATE_ENV, OUTBOX_FLUSH_RATE);
        m.put(MODEL_TRUSTED_KEYS_ENV, MODEL_TRUSTED_KEYS);
        m.put(MODEL_WINDOW_MS_ENV, MODEL_WINDOW_MS);
        m.put(MODEL_RUL_HORIZON_ENV, MODEL_RUL_HORIZON);
        m.put(MODEL_FAILURE_THRESHOLD_ENV, MODEL_FAILURE_THRESHOLD);
        return java.util.Collections.unmodifiableMap(m);
    }
}
