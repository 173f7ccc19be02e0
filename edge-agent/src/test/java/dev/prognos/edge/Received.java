package dev.prognos.edge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prognos.core.MqttTopics;
import dev.prognos.core.alert.Alert;
import dev.prognos.core.alert.AlertJson;
import dev.prognos.core.ledger.SequenceLedger;
import dev.prognos.core.telemetry.Telemetry;
import dev.prognos.core.telemetry.TelemetryJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * What a cloud-side subscriber received from the agent: every telemetry arrival in order, checked
 * with core's SequenceLedger, and the status messages. A persistent MQTT 5 session (clean start
 * off, one hour expiry) so that a broker restart with persistence loses nothing on this side.
 */
final class Received implements MqttCallback, AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final MqttClient client;
    private final MqttConnectionOptions options = new MqttConnectionOptions();
    private final SequenceLedger ledger = new SequenceLedger();
    private final List<Long> arrivals = new ArrayList<>();
    private final Map<Long, byte[]> firstPayload = new HashMap<>();
    private final List<String> reusedSeqs = new ArrayList<>();
    private final List<JsonNode> statuses = new ArrayList<>();
    private final List<Telemetry> telemetry = new ArrayList<>();
    private final List<Alert> alerts = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();

    Received(String broker, String site, String device) throws MqttException {
        client = new MqttClient(broker, "ledger-" + UUID.randomUUID(), new MemoryPersistence());
        client.setCallback(this);
        options.setCleanStart(false);
        options.setSessionExpiryInterval(3600L);
        client.connect(options);
        // subscribe(topic, qos) plus a callback: the listener forms overflow the stack in Paho 1.2.5 (STACK.md).
        client.subscribe("prognos/v1/" + site + "/" + device + "/+", 1);
    }

    @Override
    public synchronized void messageArrived(String topic, MqttMessage message) {
        try {
            arrived(topic, message);
        } catch (RuntimeException | IOException e) {
            // Thrown out of here, Paho would drop the connection; keep it for the assertion instead.
            errors.add(topic + ": " + e);
        }
    }

    private void arrived(String topic, MqttMessage message) throws IOException {
        if (topic.endsWith("/status")) {
            statuses.add(JSON.readTree(message.getPayload()));
            return;
        }
        if (topic.endsWith("/" + MqttTopics.ALERT)) {
            alerts.add(AlertJson.decode(message.getPayload()));
            return;
        }
        Telemetry t = TelemetryJson.decode(message.getPayload());
        if (ledger.record(t.device(), t.seq()) == SequenceLedger.Outcome.NEW) {
            arrivals.add(t.seq());
            telemetry.add(t);
            firstPayload.put(t.seq(), message.getPayload());
        } else if (!java.util.Arrays.equals(firstPayload.get(t.seq()), message.getPayload())) {
            // The same seq with other content: a seq handed out twice.
            reusedSeqs.add(t.seq() + ": " + new String(firstPayload.get(t.seq())) + " vs " + new String(message.getPayload()));
        }
    }

    /**
     * Connects again after a broker restart (the test decides when, rather than Paho's reconnect
     * timer) and checks the broker kept this subscriber's session.
     */
    void reconnect() {
        org.awaitility.Awaitility.await("subscriber reconnected").atMost(java.time.Duration.ofSeconds(20))
                .pollInterval(java.time.Duration.ofMillis(100)).ignoreExceptions().until(() -> {
                    if (!client.isConnected()) {
                        client.connect(options);
                    }
                    return client.isConnected();
                });
    }

    @Override
    public synchronized String toString() {
        return "received " + arrivals.size() + " distinct, " + statuses.size() + " statuses, connected "
                + client.isConnected() + ", errors " + errors;
    }

    synchronized int distinct() {
        return arrivals.size();
    }

    synchronized long maxSeq() {
        return arrivals.stream().mapToLong(Long::longValue).max().orElse(0);
    }

    synchronized List<JsonNode> statuses() {
        return List.copyOf(statuses);
    }

    /** The newest status message with state online, or null. */
    synchronized JsonNode latestOnline() {
        for (int i = statuses.size() - 1; i >= 0; i--) {
            if (statuses.get(i).path("state").asText().equals("online")) {
                return statuses.get(i);
            }
        }
        return null;
    }

    /** Publishes a retained message at QoS 1, as the gateway's reverse channel does. */
    static void publishRetained(MqttClient client, String topic, byte[] payload) throws MqttException {
        MqttMessage m = new MqttMessage(payload);
        m.setQos(1);
        m.setRetained(true);
        client.publish(topic, m);
    }

    /** Alerts raised on the device, in arrival order. */
    synchronized List<Alert> alerts() {
        return List.copyOf(alerts);
    }

    /** Each seq's first arrival, decoded, in arrival order. */
    synchronized List<Telemetry> telemetry() {
        return List.copyOf(telemetry);
    }

    /** Asserts seqs 1..lastSeq all arrived, none reused, and returns the ledger's report. */
    synchronized SequenceLedger.Report assertComplete(String device, long lastSeq) {
        ledger.expect(device, 1, lastSeq);
        SequenceLedger.Report report = ledger.report();
        assertThat(report.gaps()).as("missing seqs: %s", report).isEmpty();
        assertThat(report.distinct()).isEqualTo(lastSeq);
        assertThat(reusedSeqs).as("seqs that arrived twice with different content").isEmpty();
        return report;
    }

    /**
     * {@link #assertComplete} up to the highest seq received so far, in one step: the agent keeps
     * publishing, so reading the highest seq and then checking would race with new arrivals.
     */
    synchronized SequenceLedger.Report assertCompleteSoFar(String device) {
        return assertComplete(device, maxSeq());
    }

    /** First arrivals in seq order: the outbox is flushed oldest first. */
    synchronized List<Long> arrivals() {
        return List.copyOf(arrivals);
    }

    @Override
    public void disconnected(MqttDisconnectResponse r) {
        synchronized (this) {
            errors.add("disconnected: " + r);
        }
    }

    @Override
    public void mqttErrorOccurred(MqttException e) {
    }

    @Override
    public void deliveryComplete(IMqttToken t) {
    }

    @Override
    public void connectComplete(boolean reconnect, String uri) {
    }

    @Override
    public void authPacketArrived(int code, MqttProperties p) {
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect();
        }
        client.close();
    }
}
