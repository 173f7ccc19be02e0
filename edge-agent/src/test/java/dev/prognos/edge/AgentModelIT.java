package dev.prognos.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prognos.core.MqttTopics;
import dev.prognos.core.alert.Alert;
import dev.prognos.core.model.ModelKeys;
import dev.prognos.core.telemetry.Telemetry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real agent against real Mosquitto, taking signed models from the retained model topic the
 * way the gateway's reverse channel publishes them: verified and used at once, refused with the
 * reason in the status while the model in use stays, kept across a restart; a forest of about
 * 3 MB passes the broker and the agent.
 */
class AgentModelIT {

    private static final String DEVICE = "pump-model";
    private static final String SITE = "plant-it";
    /** Samples of 1 s (the shortest the stream job allows): outputs within a few seconds. */
    private static final long WINDOW_MS = 1_000;

    @TempDir
    Path dir;

    @Test
    void shouldScoreWithAVerifiedModelRefuseATamperedOrOlderOneAndKeepItAcrossARestart() throws Exception {
        KeyPair key = ModelKeys.generate();
        ModelKeys.writePublic(key.getPublic(), dir.resolve("keys").resolve(ModelKeys.PUBLIC_FILE));
        try (TestBroker broker = new TestBroker(dir.resolve("broker")).start();
             Received received = new Received(broker.uri(), SITE, DEVICE)) {
            Path config = dir.resolve("agent.yaml");
            Files.writeString(config, String.join("\n",
                    "device: {id: " + DEVICE + ", site: " + SITE + ", asset-type: " + TestModels.ASSET + "}",
                    "broker: {url: \"" + broker.uri() + "\"}",
                    "sensors: [{name: ambient, type: bme280, address: 0x76, rate-hz: 5}]",
                    // A horizon above every rul the test model gives: the device raises its own alert at once.
                    "model: {trusted-keys: keys/" + ModelKeys.PUBLIC_FILE + ", rul-horizon: 200, window-ms: " + WINDOW_MS + "}",
                    ""));
            AgentOptions options = AgentOptions.load(config, Map.of()).checkFilesReadable();
            MqttClient cloud = new MqttClient(broker.uri(), "cloud-" + UUID.randomUUID(), new MemoryPersistence());
            cloud.connect();
            String topic = MqttTopics.model(TestModels.ASSET);

            // Version 3 is retained before the agent starts: the broker hands it at the first subscribe.
            Received.publishRetained(cloud, topic, TestModels.signed(3, key));
            Agent agent = start(options);
            long lastSeqBeforeRestart;
            try {
                await("version 3 in use").atMost(Duration.ofSeconds(30)).until(() -> agent.modelVersion().orElse(0) == 3);
                await("version 3 in the status").atMost(Duration.ofSeconds(30))
                        .until(() -> received.latestOnline() != null && received.latestOnline().path("modelVersion").asLong() == 3);
                assertThat(received.latestOnline().path("modelName").asText()).isEqualTo("pump-rul");
                // The first window the model samples may have begun before it arrived (only the readings
                // since count): check a reading scored from a later window, which the model saw whole.
                Telemetry first = await("a scored reading").atMost(Duration.ofSeconds(30))
                        .until(() -> scored(received, true), t -> t != null);
                Telemetry scored = await("a reading scored from a whole window").atMost(Duration.ofSeconds(30))
                        .until(() -> scored(received, false), t -> t != null && sampledEnd(t) > sampledEnd(first));
                long windowEnd = sampledEnd(scored);
                double temp = windowMean(received, windowEnd - WINDOW_MS, windowEnd);
                assertThat(scored.readings().get("model_rul")).as("rul of the sampled window's mean temperature")
                        .isCloseTo(TestModels.rul(temp), within(1e-9));
                assertThat(scored.readings().get("model_failure_probability"))
                        .isCloseTo(TestModels.failureProbability(temp), within(1e-12));
                Alert alert = await("the device's own alert").atMost(Duration.ofSeconds(30))
                        .until(() -> received.alerts().isEmpty() ? null : received.alerts().get(0), a -> a != null);
                assertThat(alert.detector()).isEqualTo("model");
                assertThat(alert.condition()).isEqualTo("rul<200");
                assertThat(alert.state()).isEqualTo(Alert.State.OPEN);
                assertThat(alert.device()).isEqualTo(DEVICE);
                // The alert goes out at once, the reading through the outbox: wait for it.
                Telemetry raisedBy = await("the reading that raised it").atMost(Duration.ofSeconds(30)).until(
                        () -> received.telemetry().stream().filter(t -> t.seq() == alert.seq()).findFirst().orElse(null),
                        t -> t != null);
                assertThat(alert.value()).as("the rul of the reading that raised it")
                        .isEqualTo(raisedBy.readings().get("model_rul"));

                // Changed after signing: refused, version 3 stays.
                Received.publishRetained(cloud, topic, TestModels.tampered(TestModels.signed(4, key), "createdAt", "2030-01-01T00:00:00Z"));
                JsonNode tampered = awaitRefusal(received, "BAD_SIGNATURE");
                assertThat(tampered.path("modelRefused").path("version").asLong()).isEqualTo(4);
                assertThat(tampered.path("modelVersion").asLong()).isEqualTo(3);

                // Older: refused, version 3 stays.
                Received.publishRetained(cloud, topic, TestModels.signed(2, key));
                JsonNode older = awaitRefusal(received, "NOT_NEWER");
                assertThat(older.path("modelRefused").path("reason").asText()).contains("version 2 is not newer");
                assertThat(older.path("modelVersion").asLong()).isEqualTo(3);
                assertThat(agent.modelVersion()).hasValue(3);

                // A forest of about 3 MB (a trained model's size) through the broker: accepted.
                byte[] forest = TestModels.signed(TestModels.forest(5, 150, 8), key);
                assertThat(forest.length).isGreaterThan(2_500_000);
                Received.publishRetained(cloud, topic, forest);
                await("the 3 MB forest in use").atMost(Duration.ofSeconds(30)).until(() -> agent.modelVersion().orElse(0) == 5);
                await().atMost(Duration.ofSeconds(30)).until(() -> received.latestOnline().path("modelVersion").asLong() == 5
                        && !received.latestOnline().has("modelRefused"));
                assertThat(dir.resolve("data").resolve(DeviceModel.FILE)).hasBinaryContent(forest);

                // The older one again, left retained for the restart below.
                Received.publishRetained(cloud, topic, TestModels.signed(4, key));
                awaitRefusal(received, "NOT_NEWER");
                lastSeqBeforeRestart = agent.outboxStats().lastSeq();
            } finally {
                agent.close();
            }

            Agent restarted = start(options);
            try {
                assertThat(restarted.modelVersion()).as("the kept model, before any connection").hasValue(5);
                await("the retained older one refused again").atMost(Duration.ofSeconds(30))
                        .until(() -> {
                            JsonNode s = received.latestOnline();
                            return s != null && s.path("modelVersion").asLong() == 5
                                    && s.path("modelRefused").path("version").asLong() == 4;
                        });
                Telemetry after = await("a reading scored after the restart").atMost(Duration.ofSeconds(30))
                        .until(() -> scored(received, false), t -> t != null && t.seq() > lastSeqBeforeRestart);
                assertThat(after.readings()).containsKey("model_rul").doesNotContainKey("model_failure_probability");
                assertThat(restarted.modelVersion()).hasValue(5);
            } finally {
                restarted.close();
                cloud.disconnect();
                cloud.close();
            }
            assertThat(received.toString()).contains("errors []");
        }
    }

    private Agent start(AgentOptions options) {
        Outbox outbox = Outbox.open(dir.resolve("data").resolve("outbox.db"), options.outbox().maxBytes(), options.outbox().policy());
        Agent agent = new Agent(options, outbox, SensorSources.synthetic(options), new Agent.Runtime(60_000, 5_000, 100, 400));
        agent.start();
        return agent;
    }

    /** Mean temperature of the readings in [fromMs, toMs), once every one of them has arrived. */
    private static double windowMean(Received received, long fromMs, long toMs) {
        return await("the readings of the window [" + fromMs + ", " + toMs + ")").atMost(Duration.ofSeconds(30))
                .until(() -> {
                    List<Telemetry> all = received.telemetry();
                    long maxSeq = all.stream().mapToLong(Telemetry::seq).max().orElse(0);
                    if (all.size() != maxSeq) {
                        return null; // a gap: a reading of the window may still be on its way
                    }
                    double[] temps = all.stream().filter(t -> t.ts() >= fromMs && t.ts() < toMs)
                            .mapToDouble(t -> t.readings().get(TestModels.INPUT)).toArray();
                    return temps.length == 0 ? null : java.util.Arrays.stream(temps).average().orElseThrow();
                }, m -> m != null);
    }

    private static JsonNode awaitRefusal(Received received, String refusal) {
        return await(refusal + " in the status").atMost(Duration.ofSeconds(30)).until(() -> received.latestOnline(),
                s -> s != null && s.path("modelRefused").path("refusal").asText().equals(refusal));
    }

    /** The first or the last reading that carries the model's outputs, or null. */
    private static Telemetry scored(Received received, boolean first) {
        List<Telemetry> t = received.telemetry();
        for (int k = 0; k < t.size(); k++) {
            Telemetry r = t.get(first ? k : t.size() - 1 - k);
            if (r.readings().containsKey("model_rul")) {
                return r;
            }
        }
        return null;
    }

    /** End of the newest window sampled when the reading was stored: at least the grace before it. */
    private static long sampledEnd(Telemetry t) {
        return Math.floorDiv(t.ts() - DeviceModel.GRACE_MS, WINDOW_MS) * WINDOW_MS;
    }
}
