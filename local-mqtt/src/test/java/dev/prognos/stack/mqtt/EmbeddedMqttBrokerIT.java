package dev.prognos.stack.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starts the broker as ./prognos does, in its own JVM, and talks MQTT 5 to it. */
class EmbeddedMqttBrokerIT {

    @Test
    void shouldRelayRetainedMqtt5MessagesAndStopOnTerm(@TempDir Path dir) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process broker = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                EmbeddedMqttBroker.class.getName(), "--port", String.valueOf(port), "--dir", dir.toString())
                .redirectErrorStream(true).start();
        try {
            CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(broker.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        if (line.startsWith(EmbeddedMqttBroker.READY_PREFIX)) {
                            return line;
                        }
                    }
                    return "exited";
                } catch (Exception e) {
                    return e.toString();
                }
            });
            assertThat(ready.get(60, TimeUnit.SECONDS)).isEqualTo(EmbeddedMqttBroker.READY_PREFIX + "mqtt://127.0.0.1:" + port);

            String uri = "tcp://127.0.0.1:" + port;
            MqttClient publisher = new MqttClient(uri, "pub", new MemoryPersistence());
            publisher.connect();
            MqttMessage retained = new MqttMessage("v7".getBytes(StandardCharsets.UTF_8));
            retained.setQos(1);
            retained.setRetained(true);
            publisher.publish("prognos/v1/models/fan", retained);
            publisher.disconnect();

            MqttClient late = new MqttClient(uri, "late", new MemoryPersistence());
            List<String> got = new java.util.concurrent.CopyOnWriteArrayList<>();
            late.setCallback(new org.eclipse.paho.mqttv5.client.MqttCallback() {
                @Override public void disconnected(org.eclipse.paho.mqttv5.client.MqttDisconnectResponse r) { }
                @Override public void mqttErrorOccurred(org.eclipse.paho.mqttv5.common.MqttException e) { }
                @Override public void messageArrived(String t, MqttMessage m) { got.add(new String(m.getPayload(), StandardCharsets.UTF_8)); }
                @Override public void deliveryComplete(org.eclipse.paho.mqttv5.client.IMqttToken t) { }
                @Override public void connectComplete(boolean r, String u) { }
                @Override public void authPacketArrived(int r, org.eclipse.paho.mqttv5.common.packet.MqttProperties p) { }
            });
            late.connect();
            late.subscribe("prognos/v1/models/+", 1);
            await().atMost(Duration.ofSeconds(10)).until(() -> !got.isEmpty());
            assertThat(got).containsExactly("v7");
            late.disconnect();
        } finally {
            broker.destroy();
            assertThat(broker.waitFor(30, TimeUnit.SECONDS)).as("broker stops on TERM").isTrue();
        }
    }

    @Test
    void shouldRefuseANonLoopbackAddress(@TempDir Path dir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), EmbeddedMqttBroker.class.getName(),
                "--host", "0.0.0.0", "--dir", dir.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isNotZero();
        assertThat(output).contains("--host must be a loopback address");
    }
}
