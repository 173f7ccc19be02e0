package dev.prognos.gateway.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntSupplier;

/**
 * The gateway's counters, served in the Prometheus text format at {@code /q/metrics}. Micrometer
 * is used directly rather than through the Quarkus extension, whose 3.36.3 release does not
 * resolve here; the names are the ones the extension would give.
 */
@ApplicationScoped
public class GatewayMetrics {

    public static final String PATH = "/q/metrics";
    public static final String RECEIVED = "prognos.gateway.received";
    public static final String FORWARDED = "prognos.gateway.forwarded";
    public static final String DEADLETTERED = "prognos.gateway.deadlettered";
    public static final String SEND_FAILURES = "prognos.gateway.kafka.send.failures";
    public static final String IN_FLIGHT = "prognos.gateway.in.flight";
    public static final String STATUS_FORWARDED = "prognos.gateway.status.forwarded";
    public static final String SEND_LATENCY = "prognos.gateway.kafka.send.latency";
    public static final String PUBLISHED = "prognos.gateway.mqtt.published";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Count received = new Count(registry, RECEIVED, "MQTT telemetry messages received");
    private final Count forwarded = new Count(registry, FORWARDED, "Valid telemetry acknowledged by Kafka on prognos.telemetry");
    private final Count deadLettered = new Count(registry, DEADLETTERED, "Refused messages acknowledged by Kafka on prognos.deadletter");
    private final Counter sendFailures = Counter.builder(SEND_FAILURES)
            .description("Kafka sends that failed and were tried again").register(registry);
    private final Count statusForwarded = new Count(registry, STATUS_FORWARDED,
            "Device birth and Last Will messages acknowledged by Kafka on prognos.device-status");
    /**
     * From producer.send() to Kafka's acknowledgement; served in seconds, as Prometheus wants, as a
     * histogram (p50, p99: histogram_quantile over its buckets). No client-side percentiles: the
     * Prometheus registry does not serve them next to a histogram, yet they would still be
     * computed at every record.
     */
    private final Timer sendLatency = Timer.builder(SEND_LATENCY)
            .description("Time from handing a record to the Kafka producer to Kafka's acknowledgement")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
            .register(registry);
    private final Counter modelsPublished = Counter.builder(PUBLISHED).tag("kind", "model")
            .description("Retained messages of the reverse channel acknowledged by the MQTT broker").register(registry);
    private final Counter configsPublished = Counter.builder(PUBLISHED).tag("kind", "config")
            .description("Retained messages of the reverse channel acknowledged by the MQTT broker").register(registry);

    void routes(@Observes Router router) {
        router.get(PATH).handler(rc -> rc.response()
                .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                .end(scrape()));
    }

    /** Every meter in the Prometheus text format. */
    String scrape() {
        return registry.scrape();
    }

    public void received() {
        received.increment();
    }

    public void forwarded() {
        forwarded.increment();
    }

    public void deadLettered() {
        deadLettered.increment();
    }

    public void sendFailed() {
        sendFailures.increment();
    }

    public void statusForwarded() {
        statusForwarded.increment();
    }

    /** @param nanos from send to Kafka's acknowledgement */
    public void sendLatency(long nanos) {
        sendLatency.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** A retained model ({@code model == true}) or config message the broker acknowledged. */
    public void published(boolean model) {
        (model ? modelsPublished : configsPublished).increment();
    }

    void inFlight(IntSupplier value) {
        // Strong reference: Micrometer holds gauge sources weakly, and a method reference held
        // by nobody else is collected at once (the gauge then reads NaN).
        Gauge.builder(IN_FLIGHT, value, v -> v.getAsInt()).strongReference(true)
                .description("MQTT messages waiting for their Kafka acknowledgement").register(registry);
    }

    public double count(String name) {
        FunctionCounter f = registry.find(name).functionCounter();
        if (f != null) {
            return f.count();
        }
        Counter c = registry.find(name).counter();
        return c == null ? 0 : c.count();
    }

    /**
     * A counter of every message, on a cache line of its own. Micrometer's counters sit next to
     * one another in memory, and the message counts are written by two threads (received by
     * Paho's callback thread, forwarded by Kafka's): as neighbours, each increment took the line
     * from the other core (JFR at 20:36: 9 % of the gateway's samples on the two increments and
     * the timer next to them). The value is the middle slot of an array of 15 longs: 56 bytes of
     * the array on either side, so no other object shares its 64-byte line. Served as a
     * Prometheus counter like the others.
     */
    static final class Count {
        private static final int SLOT = 7;
        private final AtomicLongArray cells = new AtomicLongArray(2 * SLOT + 1);

        Count(MeterRegistry registry, String name, String description) {
            FunctionCounter.builder(name, this, Count::get).description(description).register(registry);
        }

        void increment() {
            cells.getAndIncrement(SLOT);
        }

        double get() {
            return cells.get(SLOT);
        }
    }
}
