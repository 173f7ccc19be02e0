package dev.prognos.gateway;

import dev.prognos.stack.LocalKafka;
import dev.prognos.stack.LocalMosquitto;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Real Mosquitto and a real single-node Kafka (KRaft), each in its own process on free loopback
 * ports, for the gateway under test. Their data and logs stay under target/ for a look after a
 * failure.
 */
public class LocalBrokers implements QuarkusTestResourceLifecycleManager {

    private LocalMosquitto mosquitto;
    private LocalKafka kafka;

    @Override
    public Map<String, String> start() {
        Path dir;
        try {
            dir = Files.createDirectories(Path.of("target", "it-brokers")).toAbsolutePath();
            dir = Files.createTempDirectory(dir, "run-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        mosquitto = LocalMosquitto.start(dir.resolve("mosquitto"));
        kafka = LocalKafka.start(dir.resolve("kafka"));
        return Map.of(
                GatewayOptions.BROKER, mosquitto.serverUri(),
                GatewayOptions.KAFKA_BOOTSTRAP, kafka.bootstrapServers());
    }

    @Override
    public void stop() {
        if (mosquitto != null) {
            mosquitto.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }
}
