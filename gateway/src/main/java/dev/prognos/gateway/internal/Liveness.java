package dev.prognos.gateway.internal;

import dev.prognos.gateway.Gateway;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * Liveness at {@code /q/health/live}: DOWN when a connection has been lost for longer than
 * {@code prognos.health.liveness-grace}, so an orchestrator restarts a gateway that did not
 * recover by itself. Shorter outages only take readiness down ({@link Readiness}): the gateway
 * reconnects on its own, and a restart would not bring Kafka or the broker back.
 */
public final class Liveness {

    private Liveness() {
    }

    static HealthCheckResponse check(String name, long downForNanos, Duration grace) {
        return HealthCheckResponse.named(name)
                .status(downForNanos <= grace.toNanos())
                .withData("down-for-ms", Duration.ofNanos(downForNanos).toMillis())
                .withData("grace-ms", grace.toMillis())
                .build();
    }

    @org.eclipse.microprofile.health.Liveness
    @ApplicationScoped
    public static class Mqtt implements HealthCheck {
        @Inject
        Gateway gateway;

        @Override
        public HealthCheckResponse call() {
            return check("mqtt", gateway.mqttDownForNanos(), gateway.options().health().livenessGrace());
        }
    }

    @org.eclipse.microprofile.health.Liveness
    @ApplicationScoped
    public static class Kafka implements HealthCheck {
        @Inject
        Gateway gateway;

        @Override
        public HealthCheckResponse call() {
            gateway.kafka(); // probes (answer reused for a few seconds), so the outage is measured
            return check("kafka", gateway.kafkaDownForNanos(), gateway.options().health().livenessGrace());
        }
    }
}
