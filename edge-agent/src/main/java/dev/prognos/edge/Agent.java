package dev.prognos.edge;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prognos.core.MqttTopics;
import dev.prognos.core.telemetry.Telemetry;
import dev.prognos.core.telemetry.TelemetryJson;
import dev.prognos.edge.internal.Credentials;
import dev.prognos.edge.internal.PemTls;
import dev.prognos.edge.internal.Publisher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device agent: samples each sensor at its rate, stores every reading in the {@link Outbox}
 * (which gives it its seq) and lets the publisher thread send it over MQTT 5. {@link #start()}
 * then {@link #close()}; close stops sampling, lets the outbox drain for a moment, publishes the
 * offline status and closes the outbox.
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

    public Agent(AgentOptions options, Outbox outbox, List<SensorSource> sources, Runtime runtime) {
        this.options = options;
        this.outbox = outbox;
        this.sources = List.copyOf(sources);
        this.runtime = runtime;
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
        Publisher.Settings settings = new Publisher.Settings(options.brokerUrl().toString(), options.deviceId(),
                MqttTopics.telemetry(options.site(), options.deviceId()),
                MqttTopics.status(options.site(), options.deviceId()), connection,
                options.outbox().flushRatePerSecond(), runtime.backoffMinMs(), runtime.backoffMaxMs(),
                runtime.statusIntervalMs());
        this.publisher = new Publisher(settings, outbox, this::status);
        this.publisherThread = new Thread(publisher, "prognos-publisher");
        this.sampler = Executors.newScheduledThreadPool(1, r -> {
            Thread t = new Thread(r, "prognos-sampler");
            t.setDaemon(true);
            return t;
        });
    }

    public void start() {
        double messagesPerSecond = sources.stream().mapToDouble(SensorSource::rateHz).sum();
        if (messagesPerSecond > options.outbox().flushRatePerSecond()) {
            LOG.warn("the sensors make {} messages/s but {} is {}: the outbox will grow until it is full",
                    messagesPerSecond, AgentOptions.OUTBOX_FLUSH_RATE, options.outbox().flushRatePerSecond());
        }
        publisherThread.start();
        for (SensorSource s : sources) {
            long periodMicros = Math.max(1, Math.round(1e6 / s.rateHz()));
            sampler.scheduleAtFixedRate(() -> sample(s), 0, periodMicros, TimeUnit.MICROSECONDS);
            LOG.info("sampling {} every {} ms", s.name(), periodMicros / 1000.0);
        }
        Outbox.Stats st = outbox.stats();
        LOG.info("agent {} started: device {} site {} asset {}, broker {}, outbox {} ({} messages waiting, last seq {})",
                VERSION, options.deviceId(), options.site(), options.assetType(), options.brokerUrl(),
                outbox.file(), st.depth(), st.lastSeq());
    }

    /** Samples one sensor and stores the reading; never throws, so the schedule keeps running. */
    private void sample(SensorSource source) {
        try {
            Map<String, Double> readings = source.read();
            long ts = System.currentTimeMillis(); // event time, taken at the read
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
        } catch (RuntimeException e) {
            long n = readErrors.incrementAndGet();
            if (Long.bitCount(n) == 1) {
                LOG.error("reading {} failed ({} failures so far): {}", source.name(), n, e.toString());
            }
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
        m.put("modelVersion", null); // no model deployed yet: models arrive with the model channel
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
