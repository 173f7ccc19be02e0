package dev.prognos.gateway.internal;

import dev.prognos.gateway.Gateway;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/** Readiness at {@code /q/health/ready}: the gateway can move data only when both sides are up. */
public final class Readiness {

    private Readiness() {
    }

    @org.eclipse.microprofile.health.Readiness
    @ApplicationScoped
    public static class Mqtt implements HealthCheck {
        @Inject
        Gateway gateway;

        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.named("mqtt")
                    .status(gateway.mqttSubscribed())
                    .withData("broker", gateway.options().mqtt().broker())
                    .withData("client-id", gateway.options().mqtt().clientId())
                    .withData("subscription", gateway.mqttFilter())
                    .build();
        }
    }

    @org.eclipse.microprofile.health.Readiness
    @ApplicationScoped
    public static class Kafka implements HealthCheck {
        @Inject
        Gateway gateway;

        @Override
        public HealthCheckResponse call() {
            KafkaProbe.Result r = gateway.kafka();
            return HealthCheckResponse.named("kafka")
                    .status(r.up())
                    .withData("bootstrap.servers", gateway.kafkaBootstrap())
                    .withData("detail", r.detail())
                    .withData("in-flight", gateway.inFlight())
                    .build();
        }
    }
}
