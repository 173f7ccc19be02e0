package dev.prognos.simulators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.prognos.core.telemetry.Telemetry;
import dev.prognos.stack.LocalMosquitto;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real edge agents on simulated boards against the real Mosquitto: the telemetry carries what the
 * hardware drivers read from the simulated chips, reduced by the agent, and each device's seq
 * continues across a restart of the fleet (the agents' durable outboxes).
 */
class AgentFleetIT {

    static final Duration DEADLINE = Duration.ofSeconds(90);

    @Test
    void shouldPublishDriverReadingsFromEveryAgentAndContinueEachSeqAfterARestart(@TempDir Path dir) throws Exception {
        try (LocalMosquitto mosquitto = LocalMosquitto.start(dir.resolve("mosquitto"))) {
            FleetIT.Received received = new FleetIT.Received();
            MqttClient subscriber = FleetIT.subscribe(mosquitto.serverUri(), "agent-fleet-it", false, received);
            // 10-20 minutes of machine life in 6-12 s: the pumps wear while the test watches.
            SimulatorOptions options = SimulatorOptions.builder().broker(mosquitto.serverUri()).devices(2).site("plant-it")
                    .speed(100).failureMin(Duration.ofMinutes(10)).failureMax(Duration.ofMinutes(20)).seed(3).build();
            Path data = dir.resolve("sim");

            try (AgentFleet fleet = AgentFleet.start(options, data)) {
                assertThat(fleet.groundTruth()).filteredOn(g -> g.fault().equals("bearing-wear"))
                        .extracting(GroundTruth::device).containsExactly("pump-001", "pump-002");
                assertThat(Files.readString(data.resolve("pump-001/agent.yaml"))).contains("type: adxl345", "id: pump-001",
                        "type: ds18b20", "devices-dir: '" + data.resolve("pump-001/w1").toAbsolutePath() + "'");
                await().atMost(DEADLINE).untilAsserted(() -> {
                    for (String device : List.of("pump-001", "pump-002")) {
                        Map<String, Double> all = merged(received, device);
                        assertThat(all).containsKeys("vib_rms_mm_s", "vib_kurtosis", "motor_current_a",
                                "discharge_pressure_bar", "shaft_speed_rpm", "ambient_temp_c", "bearing_temp_c");
                    }
                });
            }
            long firstRun = received.ledger.report().distinct();
            Map<String, Double> pump1 = merged(received, "pump-001");
            // What the drivers read is the pump: ~1470 rpm, ~2.2 A, 3.5-5 bar, a few mm/s and up. The tachometer
            // driver times edges when Pi4J delivers their events: on a loaded host that jitters by tens of ms.
            assertThat(pump1.get("shaft_speed_rpm")).isBetween(1300.0, 1650.0);
            assertThat(pump1.get("motor_current_a")).isBetween(1.9, 2.8);
            assertThat(pump1.get("discharge_pressure_bar")).isBetween(3.0, 5.5);
            assertThat(pump1.get("vib_rms_mm_s")).isBetween(0.5, 20.0);
            // The DS18B20 driver read the rig's w1_slave file: the bearing at 40-90 °C, in the sensor's 12-bit steps
            // of 1/16 °C (the machine's own temperature is continuous; only the file rounds it).
            double bearing = pump1.get("bearing_temp_c");
            assertThat(bearing).isBetween(40.0, 90.0);
            assertThat(bearing * 16).as("a whole number of 1/16 °C").isEqualTo(Math.rint(bearing * 16));

            // Restart on the same data directory: every device's seq goes on where it stopped.
            try (AgentFleet again = AgentFleet.start(options, data)) {
                await().atMost(DEADLINE).until(() -> received.ledger.report().distinct() >= firstRun + 10);
            }
            await().atMost(DEADLINE).untilAsserted(() -> {
                for (String device : List.of("pump-001", "pump-002")) {
                    List<Telemetry> messages = received.byDevice.get(device);
                    long max = messages.stream().mapToLong(Telemetry::seq).max().orElseThrow();
                    received.ledger.expect(device, 1, max);
                }
                assertThat(received.ledger.report().complete()).as("%s", received.ledger.report()).isTrue();
            });
            subscriber.disconnect();
            subscriber.close();
            assertThat(received.problems).isEmpty();
            // QoS 1 may repeat a message whose PUBACK was lost; a seq is never reused for another reading.
            for (List<Telemetry> messages : received.byDevice.values()) {
                Map<Long, List<Telemetry>> bySeq = messages.stream().collect(java.util.stream.Collectors.groupingBy(Telemetry::seq));
                bySeq.values().forEach(same -> assertThat(same).extracting(Telemetry::ts).as("one reading per seq").containsOnly(same.get(0).ts()));
            }
        }
    }

    /** The newest value of every reading name the device sent. */
    static Map<String, Double> merged(FleetIT.Received received, String device) {
        Map<String, Double> all = new java.util.TreeMap<>();
        received.byDevice.getOrDefault(device, List.of()).forEach(t -> all.putAll(t.readings()));
        return all;
    }
}
