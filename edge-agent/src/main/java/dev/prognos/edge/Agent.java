package dev.prognos.edge;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prognos.core.MqttTopics;
import dev.prognos.core.alert.Alert;
import dev.prognos.core.alert.AlertJson;
import dev.prognos.core.model.ModelOutput;
import dev.prognos.core.telemetry.Telemetry;
import dev.prognos.core.telemetry.TelemetryJson;
import dev.prognos.edge.internal.Credentials;
import dev.prognos.edge.internal.ModelAlerts;
import dev.prognos.edge.internal.PemTls;
import dev.prognos.edge.internal.Publisher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device agent: samples each sensor at its rate, stores every reading in the {@link Outbox}
 * (which gives it its seq) and lets the publisher thread send it over MQTT 5. It follows the
 * retained configuration topic ({@link RemoteConfig}): a valid document changes the sensor rates,
 * the status interval and the outbox limits at once; an invalid one is refused and reported in
 * the status message. With {@link AgentOptions#MODEL_TRUSTED_KEYS} set it follows the retained
 * model topic of its asset type ({@link DeviceModel}): a verified artifact is swapped in without a
 * restart and adds its outputs to the readings; a refused one is reported in the status message.
 * {@link #start()} then {@link #close()}; close stops sampling, lets the
 * outbox drain for a moment, publishes the offline status and closes the outbox.
 */
public final class Agent implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The agent's version, from the jar manifest when packaged. */
    public static final String VERSION = versionOrDev();

    /** Run-time settings that are not in the device's YAML (they belong to how it is run). */
    public record Runtime(long statusIntervalMs, long drainOnStopMs, long backoffMinMs, long backoffMaxMs) {
        public static final long DEFAULT_STATUS_INTERVAL_MS = 60_000;
        public static final long DEFAULT_DRAIN_ON_STOP_MS = 5_000;
        public static final long DEFAULT_BACKOFF_MIN_MS = 500;
        public static final long DEFAULT_BACKOFF_MAX_MS = 60_000;
        public static final Runtime DEFAULTS = new Runtime(DEFAULT_STATUS_INTERVAL_MS, DEFAULT_DRAIN_ON_STOP_MS,
                DEFAULT_BACKOFF_MIN_MS, DEFAULT_BACKOFF_MAX_MS);
    }

    private final AgentOptions options;
    private final Outbox outbox;
    private final List<SensorSource> sources;
    private final Publisher publisher;
    private final Thread publisherThread;
    private final ScheduledExecutorService sampler;
    private final Runtime runtime;
    private final AtomicLong readErrors = new AtomicLong();
    private final AtomicLong scoreErrors = new AtomicLong();
    /** The file's remotely changeable settings: what a cleared remote document returns to. */
    private final RemoteConfig.Settings fileSettings;
    private final Map<String, ScheduledFuture<?>> schedules = new HashMap<>();
    /** Guards the remote-configuration state below and the schedules. */
    private final Object configLock = new Object();
    private RemoteConfig.Settings settings;
    private long configVersion;
    private RemoteConfig.RefusedException configRefused;
    private boolean started;
    /** The signed model, or null when the device takes none (no trusted keys configured). */
    private final DeviceModel model;
    /** The device's own alerts from the model's outputs; null without a model. */
    private final ModelAlerts modelAlerts;

    /**
     * @param sources one per configured sensor, named as in {@link AgentOptions#sensors()} (remote
     *                configuration finds them by name); the agent closes them
     */
    public Agent(AgentOptions options, Outbox outbox, List<SensorSource> sources, Runtime runtime) {
        this.options = options;
        this.outbox = outbox;
        this.sources = List.copyOf(sources);
        this.runtime = runtime;
        Map<String, Double> rates = new LinkedHashMap<>();
        this.sources.forEach(s -> rates.put(s.name(), s.rateHz()));
        if (rates.size() != this.sources.size()) {
            throw new IllegalArgumentException("sensor sources must have distinct names: " + rates.keySet());
        }
        this.fileSettings = new RemoteConfig.Settings((int) Math.max(1, runtime.statusIntervalMs() / 1000),
                options.outbox(), rates);
        this.settings = fileSettings;
        MqttConnectionOptions connection = new MqttConnectionOptions();
        options.credentialsFile().ifPresent(f -> {
            Credentials c = Credentials.read(f, options.deviceId());
            connection.setUserName(c.username());
            connection.setPassword(c.password());
        });
        AgentOptions.Tls tls = options.tls();
        String scheme = options.brokerUrl().getScheme();
        if (scheme.equals("ssl") || scheme.equals("wss")) {
            connection.setSocketFactory(PemTls.socketFactory(tls.ca(), tls.cert(), tls.key()));
        }
        // Throws InvalidOptionsException naming model.trusted-keys when its file is missing or holds no key.
        Map<String, java.security.PublicKey> trusted = options.trustedModelKeys();
        this.model = trusted.isEmpty() ? null
                : new DeviceModel(trusted, options.assetType(), outbox.file().resolveSibling(DeviceModel.FILE),
                options.modelWindowMs()).loadPersisted();
        this.modelAlerts = model == null ? null : new ModelAlerts(options.deviceId(), options.site(), options.assetType(),
                options.modelRulHorizon(), options.modelFailureThreshold(), DeviceModel.readingName(ModelOutput.RUL),
                DeviceModel.readingName(ModelOutput.FAILURE_PROBABILITY));
        if (model != null) {
            // The retained artifact of a large forest is a few MB: say so to the broker, which then
            // drops (rather than cuts) anything larger for this client.
            connection.setMaximumPacketSize((long) DeviceModel.MAX_ARTIFACT_BYTES);
        }
        Publisher.Settings settings = new Publisher.Settings(options.brokerUrl().toString(), options.deviceId(),
                MqttTopics.telemetry(options.site(), options.deviceId()),
                MqttTopics.status(options.site(), options.deviceId()), MqttTopics.config(options.site(), options.deviceId()),
                model == null ? null : MqttTopics.model(options.assetType()),
                MqttTopics.alert(options.site(), options.deviceId()),
                connection,
                options.outbox().flushRatePerSecond(), runtime.backoffMinMs(), runtime.backoffMaxMs(),
                runtime.statusIntervalMs());
        this.publisher = new Publisher(settings, outbox, this::status, this::onConfig, this::onModel);
        this.publisherThread = new Thread(publisher, "prognos-publisher");
        // One thread per sensor: a vibration burst (about a second) never delays a scalar reading.
        AtomicInteger threads = new AtomicInteger();
        this.sampler = Executors.newScheduledThreadPool(Math.max(1, this.sources.size()), r -> {
            Thread t = new Thread(r, "prognos-sampler-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public void start() {
        synchronized (configLock) {
            started = true;
            warnIfFasterThanFlush(settings);
            for (SensorSource s : sources) {
                schedule(s, settings.sensorRatesHz().get(s.name()));
            }
        }
        publisherThread.start();
        Outbox.Stats st = outbox.stats();
        LOG.info("agent {} started: device {} site {} asset {}, broker {}, outbox {} ({} messages waiting, last seq {}), {}",
                VERSION, options.deviceId(), options.site(), options.assetType(), options.brokerUrl(),
                outbox.file(), st.depth(), st.lastSeq(), model == null ? "models off (no " + AgentOptions.MODEL_TRUSTED_KEYS + ")"
                        : model.version().isPresent() ? "model " + model.name() + " version " + model.version().getAsLong()
                        : "no model yet (following " + MqttTopics.model(options.assetType()) + ")");
    }

    private void schedule(SensorSource s, double rateHz) {
        ScheduledFuture<?> old = schedules.remove(s.name());
        if (old != null) {
            old.cancel(false); // a read in progress finishes and is stored
        }
        long periodMicros = Math.max(1, Math.round(1e6 / rateHz));
        schedules.put(s.name(), sampler.scheduleAtFixedRate(() -> sample(s), old == null ? 0 : periodMicros,
                periodMicros, TimeUnit.MICROSECONDS));
        LOG.info("sampling {} ({}) every {} ms", s.name(), s.description(), periodMicros / 1000.0);
    }

    private void warnIfFasterThanFlush(RemoteConfig.Settings s) {
        double messagesPerSecond = s.sensorRatesHz().values().stream().mapToDouble(Double::doubleValue).sum();
        if (messagesPerSecond > s.outbox().flushRatePerSecond()) {
            LOG.warn("the sensors make {} messages/s but {} is {}: the outbox will grow until it is full",
                    messagesPerSecond, AgentOptions.OUTBOX_FLUSH_RATE, s.outbox().flushRatePerSecond());
        }
    }

    /**
     * A retained configuration document arrived (or was cleared): applies it whole, or refuses it
     * and keeps the settings in effect. Either way the status message says so.
     */
    void onConfig(byte[] payload) {
        synchronized (configLock) {
            RemoteConfig.Accepted accepted;
            try {
                accepted = RemoteConfig.parse(payload, fileSettings, options.sensors());
            } catch (RemoteConfig.RefusedException e) {
                configRefused = e;
                LOG.error("{}; keeping configuration version {}", e.getMessage(), configVersion);
                publisher.statusChanged();
                return;
            }
            if (payload.length > 0 && accepted.version() <= configVersion) {
                LOG.info("remote configuration version {} ignored: version {} is applied", accepted.version(), configVersion);
                return;
            }
            apply(accepted.settings());
            configVersion = accepted.version();
            configRefused = null;
            LOG.info("remote configuration version {} applied: status every {} s, outbox {}, sensor rates {} Hz",
                    configVersion, settings.statusIntervalS(), settings.outbox(), settings.sensorRatesHz());
            publisher.statusChanged();
        }
    }

    /** A retained model artifact arrived (or was cleared): the status says what became of it. */
    void onModel(byte[] payload) {
        DeviceModel.Outcome outcome = model.offer(payload);
        if (outcome == DeviceModel.Outcome.ACCEPTED || outcome == DeviceModel.Outcome.REFUSED) {
            publisher.statusChanged();
        }
    }

    /** Version of the model in use; empty when there is none. */
    public OptionalLong modelVersion() {
        return model == null ? OptionalLong.empty() : model.version();
    }

    private void apply(RemoteConfig.Settings next) {
        RemoteConfig.Settings before = settings;
        settings = next;
        if (next.statusIntervalS() != before.statusIntervalS()) {
            publisher.statusIntervalMs(next.statusIntervalS() * 1000L);
        }
        if (!next.outbox().equals(before.outbox())) {
            outbox.limits(next.outbox().maxBytes(), next.outbox().policy());
            publisher.ratePerSecond(next.outbox().flushRatePerSecond());
        }
        if (started) {
            for (SensorSource s : sources) {
                double hz = next.sensorRatesHz().get(s.name());
                if (hz != before.sensorRatesHz().get(s.name())) {
                    schedule(s, hz);
                }
            }
        }
        warnIfFasterThanFlush(next);
    }

    /** The remotely changeable settings in effect now. */
    public RemoteConfig.Settings settings() {
        synchronized (configLock) {
            return settings;
        }
    }

    /** The remote configuration version applied, 0 for the file's settings. */
    public long configVersion() {
        synchronized (configLock) {
            return configVersion;
        }
    }

    /** Samples one sensor and stores the reading; never throws, so the schedule keeps running. */
    private void sample(SensorSource source) {
        try {
            // Event time at the start of the read: for a vibration burst (about a second of
            // samples) the time its first sample was taken, not when the features were ready.
            long ts = System.currentTimeMillis();
            Map<String, Double> read = source.read();
            Map<String, Double> readings = model == null ? read : scored(ts, read);
            OptionalLong seq = outbox.append(n -> TelemetryJson.encode(Telemetry.of(options.deviceId(),
                    options.site(), options.assetType(), n, ts, readings)));
            if (seq.isEmpty()) {
                long refused = outbox.stats().refused();
                if (Long.bitCount(refused) == 1) { // 1, 2, 4, 8...: visible without flooding the log
                    LOG.warn("outbox full ({} bytes): refused a reading of {}, {} refused so far",
                            options.outbox().maxBytes(), source.name(), refused);
                }
            }
            publisher.wake();
            if (seq.isPresent() && readings != read) {
                alert(readings, ts, seq.getAsLong());
            }
        } catch (RuntimeException e) {
            long n = readErrors.incrementAndGet();
            if (Long.bitCount(n) == 1) {
                LOG.error("reading {} failed ({} failures so far): {}", source.name(), n, e.toString());
            }
        }
    }

    /** The readings with the model's outputs; the readings alone if scoring fails (a reading is never lost to it). */
    private Map<String, Double> scored(long ts, Map<String, Double> readings) {
        try {
            return model.score(ts, readings);
        } catch (RuntimeException e) {
            long n = scoreErrors.incrementAndGet();
            if (Long.bitCount(n) == 1) {
                LOG.error("scoring with model version {} failed ({} failures so far): {}", model.version(), n, e.toString());
            }
            return readings;
        }
    }

    /** Raises or resolves the device's own alerts on a scored reading. */
    private void alert(Map<String, Double> readings, long ts, long seq) {
        for (Alert a : modelAlerts.check(readings, ts, seq, model.version().orElse(0))) {
            boolean sent = publisher.publishAlert(AlertJson.encode(a));
            LOG.warn("{} {}: {}{}", a.state() == Alert.State.OPEN ? "alert" : "resolved", a.condition(), a.message(),
                    sent ? "" : " (not connected: not published; the reading with the outputs is kept in the outbox)");
        }
    }

    /** The status message: retained on the status topic, and the Last Will with state offline. */
    byte[] status(String state) {
        Outbox.Stats s = outbox.stats();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", state);
        m.put("device", options.deviceId());
        m.put("site", options.site());
        m.put("asset", options.assetType());
        m.put("agentVersion", VERSION);
        OptionalLong modelVersion = modelVersion();
        m.put("modelVersion", modelVersion.isPresent() ? modelVersion.getAsLong() : null);
        if (model != null) {
            m.put("modelName", model.name());
            DeviceModel.Refused r = model.refused();
            if (r != null) {
                Map<String, Object> refused = new LinkedHashMap<>();
                refused.put("name", r.name());
                refused.put("version", r.version());
                refused.put("refusal", r.refusal().name());
                refused.put("reason", r.reason());
                m.put("modelRefused", refused);
            }
        }
        synchronized (configLock) {
            m.put("configVersion", configVersion);
            if (configRefused != null) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("version", configRefused.version());
                r.put("problems", configRefused.problems().stream()
                        .map(p -> Map.of("key", p.key(), "message", p.message())).toList());
                m.put("configRefused", r);
            }
        }
        m.put("outboxDepth", s.depth());
        m.put("outboxDropped", s.dropped());
        m.put("outboxRefused", s.refused());
        m.put("lastSeq", s.lastSeq());
        m.put("ts", System.currentTimeMillis());
        try {
            return JSON.writeValueAsBytes(m);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean connected() {
        return publisher.connected();
    }

    public Outbox.Stats outboxStats() {
        return outbox.stats();
    }

    @Override
    public void close() {
        synchronized (configLock) {
            started = false;
        }
        sampler.shutdown();
        try {
            sampler.awaitTermination(2, TimeUnit.SECONDS);
            publisher.stop(publisherThread, runtime.drainOnStopMs());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Exception> failures = new ArrayList<>();
        for (SensorSource s : sources) {
            try {
                s.close();
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        Outbox.Stats st = outbox.stats();
        outbox.close();
        LOG.info("agent stopped: {} messages left in the outbox for the next start, last seq {}", st.depth(), st.lastSeq());
        failures.forEach(e -> LOG.warn("closing a sensor failed: {}", e.toString()));
    }

    private static String versionOrDev() {
        String v = Agent.class.getPackage().getImplementationVersion();
        return v != null ? v : "dev";
    }
}
