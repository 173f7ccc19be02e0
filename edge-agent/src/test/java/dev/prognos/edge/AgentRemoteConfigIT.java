package dev.prognos.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prognos.core.MqttTopics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real agent against real Mosquitto, configured through the retained config topic the way the
 * gateway's reverse channel publishes it: applied when valid, refused with the key in the status
 * when not, handed again by the broker at the next connection, and cleared back to the file.
 */
class AgentRemoteConfigIT {

    private static final String DEVICE = "pump-remote";
    private static final String SITE = "plant-it";

    @TempDir
    Path dir;

    @Test
    void shouldApplyAValidDocumentRefuseABadOneNamingTheKeyAndReturnToTheFileWhenCleared() throws Exception {
        try (TestBroker broker = new TestBroker(dir.resolve("broker")).start();
             Received received = new Received(broker.uri(), SITE, DEVICE)) {
            Path config = dir.resolve("agent.yaml");
            Files.writeString(config, String.join("\n",
                    "device: {id: " + DEVICE + ", site: " + SITE + ", asset-type: centrifugal-pump}",
                    "broker: {url: \"" + broker.uri() + "\"}",
                    "sensors: [{name: ambient, type: bme280, address: 0x76, rate-hz: 2}]",
                    ""));
            AgentOptions options = AgentOptions.load(config, Map.of());
            MqttClient cloud = new MqttClient(broker.uri(), "cloud-" + UUID.randomUUID(), new MemoryPersistence());
            cloud.connect();
            String topic = MqttTopics.config(SITE, DEVICE);

            // Version 3 is retained before the agent starts: the broker hands it at the first subscribe.
            Received.publishRetained(cloud, topic, bytes("""
                    {"version": 3, "status-interval-s": 7, "outbox": {"flush-rate-per-s": 40},
                     "sensors": {"ambient": {"rate-hz": 5}}}"""));
            Agent agent = start(options, "outbox.db");
            try {
                await("version 3 applied").atMost(Duration.ofSeconds(30)).until(() -> agent.configVersion() == 3);
                assertThat(agent.settings().sensorRatesHz()).containsEntry("ambient", 5.0);
                assertThat(agent.settings().statusIntervalS()).isEqualTo(7);
                assertThat(agent.settings().outbox().flushRatePerSecond()).isEqualTo(40);
                await().atMost(Duration.ofSeconds(30)).until(() -> received.latestOnline() != null
                        && received.latestOnline().path("configVersion").asLong() == 3);

                // A bad document: refused whole, the key named in the status, version 3 kept.
                Received.publishRetained(cloud, topic, bytes("""
                        {"version": 4, "status-interval-s": 30, "sensors": {"ambient": {"rate-hz": 500}}}"""));
                await("refusal reported").atMost(Duration.ofSeconds(30)).until(() -> received.latestOnline() != null
                        && received.latestOnline().has("configRefused"));
                JsonNode refused = received.latestOnline().path("configRefused");
                assertThat(refused.path("version").asLong()).isEqualTo(4);
                assertThat(refused.path("problems").get(0).path("key").asText()).isEqualTo("sensors.ambient.rate-hz");
                assertThat(refused.path("problems").get(0).path("message").asText()).contains("at most 100");
                assertThat(received.latestOnline().path("configVersion").asLong()).isEqualTo(3);
                assertThat(agent.settings().statusIntervalS()).as("nothing of a refused document applies").isEqualTo(7);

                // A good one after it clears the refusal.
                Received.publishRetained(cloud, topic, bytes("{\"version\": 5, \"sensors\": {\"ambient\": {\"rate-hz\": 0.5}}}"));
                await().atMost(Duration.ofSeconds(30)).until(() -> agent.configVersion() == 5);
                assertThat(agent.settings().sensorRatesHz()).containsEntry("ambient", 0.5);
                assertThat(agent.settings().statusIntervalS()).as("a desired state: keys left out are the file's").isEqualTo(60);
                await().atMost(Duration.ofSeconds(30)).until(() -> received.latestOnline().path("configVersion").asLong() == 5
                        && !received.latestOnline().has("configRefused"));
            } finally {
                agent.close();
            }

            // A restarted agent gets the retained version 5 again at its first connection.
            Agent restarted = start(options, "outbox.db");
            try {
                await("retained version 5 after a restart").atMost(Duration.ofSeconds(30))
                        .until(() -> restarted.configVersion() == 5);
                // Cleared (an empty retained message, as a Kafka tombstone becomes): back to the file.
                cloud.publish(topic, new byte[0], 1, true);
                await("back to the file").atMost(Duration.ofSeconds(30)).until(() -> restarted.configVersion() == 0);
                assertThat(restarted.settings().sensorRatesHz()).containsEntry("ambient", 2.0);
            } finally {
                restarted.close();
                cloud.disconnect();
                cloud.close();
            }
        }
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private Agent start(AgentOptions options, String file) {
        Outbox outbox = Outbox.open(dir.resolve("data").resolve(file), options.outbox().maxBytes(), options.outbox().policy());
        Agent agent = new Agent(options, outbox, SensorSources.synthetic(options), new Agent.Runtime(60_000, 5_000, 100, 400));
        agent.start();
        return agent;
    }
}
