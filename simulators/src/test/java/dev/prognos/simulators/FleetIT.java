package dev.prognos.simulators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.prognos.core.MqttTopics;
import dev.prognos.core.ledger.SequenceLedger;
import dev.prognos.core.telemetry.Telemetry;
import dev.prognos.core.telemetry.TelemetryJson;
import dev.prognos.stack.FreePorts;
import dev.prognos.stack.LocalMosquitto;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fleet against the real Mosquitto, read back by a real Paho MQTT 5 subscriber. */
class FleetIT {

    static final Duration DEADLINE = Duration.ofSeconds(60);

    /** Everything a subscriber to every device's telemetry received, checked as it arrives. */
    static final class Received implements MqttCallback {
        final SequenceLedger ledger = new SequenceLedger();
        final List<String> problems = new CopyOnWriteArrayList<>();
        final Map<String, List<Telemetry>> byDevice = new ConcurrentHashMap<>();

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            Telemetry t;
            try {
                t = TelemetryJson.decode(message.getPayload());
            } catch (RuntimeException e) {
                problems.add(topic + ": does not decode: " + e.getMessage());
                return;
            }
            if (!topic.equals(MqttTopics.telemetry(t.site(), t.device()))) {
                problems.add(topic + ": carries device " + t.device() + " of site " + t.site());
            }
            ledger.record(t.device(), t.seq());
            byDevice.computeIfAbsent(t.device(), k -> new CopyOnWriteArrayList<>()).add(t);
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
        }

        @Override
        public void mqttErrorOccurred(MqttException e) {
            problems.add("subscriber error: " + e);
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }

    /**
     * Subscribes to every device's telemetry at QoS 1. A callback plus subscribe(topic, qos):
     * the listener forms of subscribe overflow the stack in Paho 1.2.5 (STACK.md).
     */
    static MqttClient subscribe(String serverUri, String clientId, boolean persistentSession, Received received) throws MqttException {
        MqttClient client = new MqttClient(serverUri, clientId, new MemoryPersistence());
        client.setCallback(received);
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(!persistentSession);
        if (persistentSession) {
            options.setSessionExpiryInterval(3600L); // s: the broker keeps our subscription and queues for us
        }
        client.connect(options);
        client.subscribe(MqttTopics.ALL_TELEMETRY, 1);
        return client;
    }

    static void expect(Received received, List<GroundTruth> devices, long readings) {
        devices.forEach(g -> received.ledger.expect(g.device(), 1, readings));
    }

    @Test
    void shouldPublishEveryReadingOfEveryDeviceWithGaplessSeqsWhenRunForBoundedReadings(@TempDir Path dir) throws Exception {
        long readings = 40;
        try (LocalMosquitto mosquitto = LocalMosquitto.start(dir.resolve("mosquitto"))) {
            Received received = new Received();
            MqttClient subscriber = subscribe(mosquitto.serverUri(), "fleet-it-reader", false, received);
            SimulatorOptions options = SimulatorOptions.builder().mode(SimulatorOptions.Mode.DIRECT).broker(mosquitto.serverUri()).devices(3)
                    .rateHz(20).readings(readings).site("plant-it").build();
            long before = System.currentTimeMillis();
            Fleet fleet = Fleet.create(options);
            try (fleet) {
                fleet.start();
                assertThat(fleet.awaitSamplingDone(DEADLINE)).as("every device took its readings").isTrue();
                expect(received, fleet.groundTruth(), readings);
                await().atMost(DEADLINE).untilAsserted(() -> assertThat(received.ledger.report().distinct()).isEqualTo(3 * readings));
                await().atMost(DEADLINE).untilAsserted(() -> assertThat(fleet.stats().published()).isEqualTo(3 * readings));
            }
            long after = System.currentTimeMillis();
            subscriber.disconnect();
            subscriber.close();

            assertThat(received.problems).isEmpty();
            SequenceLedger.Report report = received.ledger.report();
            assertThat(report.complete()).as("%s", report).isTrue();
            assertThat(report.duplicates()).isZero();
            assertThat(report.devices()).isEqualTo(3);
            assertThat(received.byDevice.keySet()).containsExactlyInAnyOrder("pump-001", "pump-002", "pump-003");
            for (List<Telemetry> messages : received.byDevice.values()) {
                assertThat(messages).allSatisfy(t -> {
                    assertThat(t.site()).isEqualTo("plant-it");
                    assertThat(t.asset()).isEqualTo("centrifugal-pump");
                    assertThat(t.ts()).isBetween(before, after);
                    assertThat(t.readings()).containsOnlyKeys("vib_rms_mm_s", "vib_peak_mm_s", "vib_kurtosis",
                            "bearing_temp_c", "motor_current_a");
                });
                // One connection, QoS 1: Mosquitto keeps the order of one publisher's messages.
                assertThat(messages).extracting(Telemetry::seq).isSorted();
                assertThat(messages).extracting(Telemetry::ts).isSorted();
            }
            Fleet.Stats stats = fleet.stats();
            assertThat(stats.sampled()).isEqualTo(3 * readings);
            assertThat(stats.failed()).isZero();
            assertThat(stats.inFlight() + stats.queued()).isZero();
        }
    }

    @Test
    void shouldRunForTheDurationWriteGroundTruthAndExitCleanlyWhenStartedFromTheCommandLine(@TempDir Path dir) throws Exception {
        try (LocalMosquitto mosquitto = LocalMosquitto.start(dir.resolve("mosquitto"))) {
            Received received = new Received();
            MqttClient subscriber = subscribe(mosquitto.serverUri(), "fleet-it-cli-reader", false, received);
            Path truth = dir.resolve("truth/ground-truth.csv");

            int exit = SimulateCommand.run("--mode", "direct", "--devices", "2", "--broker", mosquitto.serverUri(), "--rate-hz", "10",
                    "--duration", "2s", "--ground-truth", truth.toString(), "--seed", "5");

            assertThat(exit).isZero();
            List<String> lines = Files.readAllLines(truth);
            assertThat(lines.get(0)).isEqualTo(GroundTruth.CSV_HEADER);
            // Bearing wear for every device, then its second fault if it has one.
            assertThat(lines.subList(1, lines.size())).filteredOn(l -> l.contains(",bearing-wear,"))
                    .extracting(l -> l.split(",")[0]).containsExactly("pump-001", "pump-002");
            assertThat(lines.subList(1, lines.size())).allMatch(l -> l.matches("pump-00[12],(bearing-wear|imbalance|misalignment|overheating),\\d+,\\d+"));
            // The command returns after flushing, so what it published is at the broker already.
            await().atMost(DEADLINE).untilAsserted(() -> assertThat(received.byDevice.keySet()).containsExactlyInAnyOrder("pump-001", "pump-002"));
            subscriber.disconnect();
            subscriber.close();
            SequenceLedger.Report report = received.ledger.report();
            assertThat(received.problems).isEmpty();
            assertThat(report.complete()).as("%s", report).isTrue();
            // 2 s at 10 Hz: about 20 readings a device; generous bounds for a loaded machine.
            assertThat(received.byDevice.values()).allSatisfy(m -> assertThat(m).hasSizeBetween(10, 25));
            assertThat(received.byDevice.values()).allSatisfy(m -> assertThat(m.get(0).seq()).isEqualTo(1));
        }
    }

    /**
     * The broker is not there when the fleet starts, and goes away again in the middle of the run:
     * the fleet keeps sampling, reconnects by itself and delivers every seq. Mosquitto runs with
     * persistence so the reader's session (and what is queued for it) survives the restarts.
     */
    @Test
    void shouldDeliverEverySeqWhenTheBrokerStartsLateAndRestartsDuringTheRun(@TempDir Path dir) throws Exception {
        int port = FreePorts.find();
        String uri = "tcp://127.0.0.1:" + port;
        Received received = new Received();

        // Register the reader's persistent session, then take the broker away.
        Process broker = startMosquitto(dir, port);
        subscribe(uri, "fleet-it-persistent-reader", true, received).disconnect();
        stop(broker);

        long readings = 100; // 10 s at 10 Hz: time for two broker starts in the middle
        SimulatorOptions options = SimulatorOptions.builder().mode(SimulatorOptions.Mode.DIRECT).broker(uri).devices(3).rateHz(10).readings(readings).build();
        Fleet fleet = Fleet.create(options);
        MqttClient subscriber = null;
        try (fleet) {
            fleet.start();
            await().atMost(DEADLINE).until(() -> fleet.stats().sampled() >= 15); // sampling while no broker
            assertThat(fleet.stats().published()).isZero();

            broker = startMosquitto(dir, port);
            await().atMost(DEADLINE).until(() -> fleet.stats().published() >= 60); // reconnected, queue drained
            stop(broker);
            long publishedBeforeRestart = fleet.stats().published();
            assertThat(publishedBeforeRestart).isLessThan(3 * readings);

            broker = startMosquitto(dir, port);
            assertThat(fleet.awaitSamplingDone(DEADLINE)).isTrue();
            await().atMost(DEADLINE).until(() -> fleet.stats().published() >= 3 * readings);

            expect(received, fleet.groundTruth(), readings);
            subscriber = subscribe(uri, "fleet-it-persistent-reader", true, received);
            await().atMost(DEADLINE).untilAsserted(() -> assertThat(received.ledger.report().complete()).as("%s", received.ledger.report()).isTrue());
        } finally {
            if (subscriber != null) {
                subscriber.disconnect();
                subscriber.close();
            }
            broker.destroy();
        }
        assertThat(received.problems).isEmpty();
        SequenceLedger.Report report = received.ledger.report();
        assertThat(report.distinct()).isEqualTo(3 * readings);
        // Duplicates are allowed (at-least-once), losses are not.
        assertThat(report.missing()).isZero();
        assertThat(fleet.stats().failed()).isZero();
    }

    static Process startMosquitto(Path dir, int port) throws IOException {
        Path conf = dir.resolve("mosquitto.conf");
        Files.writeString(conf, String.join("\n",
                "listener " + port + " 127.0.0.1",
                "allow_anonymous true",
                // Started as root, mosquitto would switch to user mosquitto, who cannot write here.
                "user " + System.getProperty("user.name"),
                "persistence true",
                "persistence_location " + dir.toAbsolutePath() + "/",
                "max_queued_messages 100000",
                "log_dest stdout",
                ""));
        Path binary = LocalMosquitto.binary().orElseThrow(() -> new IllegalStateException("mosquitto is not installed"));
        Process p = new ProcessBuilder(binary.toString(), "-c", conf.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mosquitto.log").toFile()))
                .start();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() -> {
            assertThat(p.isAlive()).as("mosquitto running (see %s)", dir.resolve("mosquitto.log")).isTrue();
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return true;
            } catch (IOException notYet) {
                return false;
            }
        });
        return p;
    }

    /** SIGTERM: Mosquitto saves its sessions and queued messages, then exits. */
    static void stop(Process broker) throws InterruptedException {
        broker.destroy();
        assertThat(broker.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)).as("mosquitto stopped").isTrue();
    }
}
