package dev.prognos.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.prognos.core.ledger.SequenceLedger;
import dev.prognos.gateway.support.BrokerProcess;
import dev.prognos.gateway.support.FleetPublisher;
import dev.prognos.gateway.support.GatewayProcess;
import dev.prognos.gateway.support.TelemetryTail;
import dev.prognos.stack.LocalKafka;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged gateway as separate processes between a persistent Mosquitto and a real Kafka:
 * killed with SIGKILL mid-stream it loses nothing, and replicas in one shared-subscription group
 * split the load. Readings are checked per (device, seq) with {@link SequenceLedger}.
 */
class GatewayProcessIT {

    static final Duration READY = Duration.ofSeconds(60);
    static final Duration DEADLINE = Duration.ofSeconds(120);
    static final int DEVICES = 20;
    static final int PER_DEVICE = 500;
    static final int TOTAL = DEVICES * PER_DEVICE;
    /** The gateway's default Receive Maximum: the most a crash can leave unacknowledged. */
    static final int RECEIVE_MAXIMUM = 1000;
    static final List<String> JVM = List.of("-Xmx256m", "-XX:+UseSerialGC");

    static Path dir;
    static BrokerProcess mosquitto;
    static LocalKafka kafka;

    @BeforeAll
    static void brokers() throws IOException {
        dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "it-brokers")).toAbsolutePath(), "process-");
        mosquitto = BrokerProcess.mosquitto(dir.resolve("mosquitto"));
        kafka = LocalKafka.start(dir.resolve("kafka"));
    }

    @AfterAll
    static void stopBrokers() {
        if (mosquitto != null) {
            mosquitto.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    static Map<String, String> env(String clientId, String group) {
        return Map.of(
                "PROGNOS_MQTT_BROKER", mosquitto.serverUri(),
                "PROGNOS_KAFKA", kafka.bootstrapServers(),
                "PROGNOS_MQTT_CLIENT_ID", clientId,
                "PROGNOS_MQTT_SHARED_GROUP", group,
                // A persistent session: the broker keeps what arrives while the gateway is down.
                "PROGNOS_MQTT_SESSION_EXPIRY", "1h",
                "PROGNOS_MQTT_RECEIVE_MAXIMUM", String.valueOf(RECEIVE_MAXIMUM));
    }

    static String prefix(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void shouldLoseNoReadingWhenTheGatewayIsKilledWithSigkillWhileReadingsStream() throws Exception {
        String prefix = prefix("kill");
        Path logs = dir.resolve("kill");
        GatewayProcess first = GatewayProcess.start("gateway-before-kill", env("gw-kill", "kill"), JVM, logs).awaitReady(READY);
        // 1,000 readings/s: the stream lasts about 10 s, so the kill lands in the middle of it.
        FleetPublisher fleet = new FleetPublisher(mosquitto.serverUri(), "fleet-" + prefix,
                FleetPublisher.devices(prefix, DEVICES), PER_DEVICE, 200, 1000);
        try (TelemetryTail tail = new TelemetryTail(kafka.bootstrapServers(), prefix);
             GatewayProcess ignored = first) {
            Thread publisher = new Thread(fleet, "fleet");
            publisher.start();
            // The gateway's own count: Kafka acknowledged these (the tail's group join lags by seconds).
            await().atMost(DEADLINE).until(() -> first.metric("prognos_gateway_forwarded_total") >= 1000);

            double forwardedBeforeKill = first.metric("prognos_gateway_forwarded_total");
            first.kill9();
            long publishedAtKill = fleet.acknowledged();
            long forwardedAtKill = tail.records();
            assertThat(first.isAlive()).isFalse();
            assertThat(forwardedBeforeKill).as("the kill must land before the gateway forwarded everything").isLessThan(TOTAL);
            // What the first gateway got into Kafka, read back once it can add nothing more: the
            // metric read just before the kill can be a few records short of it.
            await().atMost(DEADLINE).until(() -> tail.records() >= forwardedBeforeKill);
            long[] lastCount = {-1};
            await().pollInterval(Duration.ofSeconds(1)).atMost(DEADLINE).until(() -> {
                long now = tail.records();
                boolean quiet = now == lastCount[0];
                lastCount[0] = now;
                return quiet;
            });
            long distinctFromFirst = tail.ledger().report().distinct();

            try (GatewayProcess second = GatewayProcess.start("gateway-after-kill", env("gw-kill", "kill"), JVM, logs)) {
                second.awaitReady(READY);
                await().atMost(DEADLINE).until(fleet::done);
                assertThat(fleet.failure()).isNull();
                await().atMost(DEADLINE).until(() -> tail.ledger().report().distinct() == TOTAL);
                long settled = tail.records();
                // Redelivered duplicates come with the reconnect, long before this: read on until quiet.
                await().pollDelay(Duration.ofSeconds(2)).atMost(DEADLINE).until(() -> tail.records() == settled);

                SequenceLedger.Report report = tail.ledger().report();
                // What the first gateway did not forward came through the second one.
                assertThat(second.metric("prognos_gateway_forwarded_total")).isGreaterThanOrEqualTo((double) TOTAL - distinctFromFirst);
                System.out.printf("kill -9: %d published, %d read back from Kafka at the kill (%d published by then); after restart: %s%n",
                        TOTAL, forwardedAtKill, publishedAtKill, report);
                assertThat(report.complete()).as("every (device, seq) in Kafka: %s", report).isTrue();
                assertThat(report.distinct()).isEqualTo(TOTAL);
                assertThat(report.devices()).isEqualTo(DEVICES);
                // At-least-once: only what was in flight at the kill (Kafka had it, the PUBACK had
                // not gone out) may come twice.
                assertThat(report.duplicates()).as("duplicates: %s", report).isLessThanOrEqualTo(RECEIVE_MAXIMUM);
            }
        }
    }

    @Test
    void shouldSplitTheLoadBetweenTwoReplicasWhenTheyShareASubscriptionGroup() throws Exception {
        String prefix = prefix("share");
        Path logs = dir.resolve("share");
        try (GatewayProcess a = GatewayProcess.start("gateway-a", env("gw-a", "replicas"), JVM, logs);
             GatewayProcess b = GatewayProcess.start("gateway-b", env("gw-b", "replicas"), JVM, logs);
             TelemetryTail tail = new TelemetryTail(kafka.bootstrapServers(), prefix)) {
            a.awaitReady(READY);
            b.awaitReady(READY);
            FleetPublisher fleet = new FleetPublisher(mosquitto.serverUri(), "fleet-" + prefix,
                    FleetPublisher.devices(prefix, DEVICES), PER_DEVICE, 200, 0);
            fleet.run();
            assertThat(fleet.failure()).isNull();

            await().atMost(DEADLINE).until(() -> tail.ledger().report().distinct() == TOTAL);
            await().atMost(DEADLINE).until(() -> a.metric("prognos_gateway_in_flight") + b.metric("prognos_gateway_in_flight") == 0);
            double byA = a.metric("prognos_gateway_forwarded_total");
            double byB = b.metric("prognos_gateway_forwarded_total");
            SequenceLedger.Report report = tail.ledger().report();
            System.out.printf("two replicas: gateway-a forwarded %.0f, gateway-b %.0f; %s%n", byA, byB, report);

            assertThat(report.complete()).as("ledger: %s", report).isTrue();
            assertThat(byA + byB).isEqualTo(TOTAL + report.duplicates());
            assertThat(byA).as("gateway-a's share").isGreaterThanOrEqualTo(TOTAL * 0.25);
            assertThat(byB).as("gateway-b's share").isGreaterThanOrEqualTo(TOTAL * 0.25);
            assertThat(report.duplicates()).as("no crash, so no redelivery: %s", report).isZero();
        }
    }
}
