package dev.prognos.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProviderImpl;
import com.pi4j.plugin.mock.provider.i2c.MockI2CProviderImpl;
import dev.prognos.hardware.SensorSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The configured sensors opened through hardware's factory on Pi4J's mock platform (STACK.md: the
 * platform and each provider registered explicitly), and the entries the agent hands the factory.
 */
class SensorSourcesTest {

    @TempDir
    Path dir;

    private Context pi4j;

    @AfterEach
    void shutdown() {
        if (pi4j != null) {
            pi4j.shutdown();
        }
    }

    private AgentOptions options(String sensorsYaml) throws IOException {
        Path file = dir.resolve("agent.yaml");
        Files.writeString(file, "device: {id: d1, site: s1, asset-type: pump}\nsensors:\n" + sensorsYaml);
        return AgentOptions.load(file, Map.of());
    }

    @Test
    void shouldReadASwitchThroughTheFactoryOnAMockBoard() throws IOException {
        pi4j = Pi4J.newContextBuilder().add(new MockPlatform()).add(new MockDigitalInputProviderImpl()).build();
        List<SensorSource> sources = SensorSources.open(options("  - {name: door, type: switch, pin: 27, "
                + "params: {reading: guard_open_bool}}\n"), pi4j);
        try {
            assertThat(sources).hasSize(1);
            SensorSource door = sources.get(0);
            assertThat(door.name()).isEqualTo("door");
            assertThat(door.rateHz()).isEqualTo(1.0);
            assertThat(door.read()).containsOnlyKeys("guard_open_bool");
        } finally {
            sources.forEach(SensorSource::close);
        }
    }

    @Test
    void shouldReadTheDs18b20FromTheConfiguredW1DevicesDirectory() throws IOException {
        // The kernel's w1_therm file for 23.125 °C (0x0172 sixteenths), scratchpad with its CRC.
        Path w1 = dir.resolve("w1");
        Files.createDirectories(w1.resolve("28-0316a2794cff"));
        Files.writeString(w1.resolve("28-0316a2794cff/w1_slave"), """
                72 01 4b 46 7f ff 0e 10 57 : crc=57 YES
                72 01 4b 46 7f ff 0e 10 57 t=23125
                """);
        pi4j = Pi4J.newContextBuilder().add(new MockPlatform()).build();
        List<SensorSource> sources = SensorSources.open(options("  - {name: bearing, type: ds18b20, one-wire-id: 28-0316a2794cff, "
                + "params: {devices-dir: '" + w1.toAbsolutePath() + "'}}\n"), pi4j);
        try {
            assertThat(sources.get(0).read()).containsExactly(Map.entry("bearing_temp_c", 23.125));
        } finally {
            sources.forEach(SensorSource::close);
        }
    }

    @Test
    void shouldStopStartUpNamingTheEntryWhenTheDs18b20IsNotInTheDevicesDirectory() throws IOException {
        pi4j = Pi4J.newContextBuilder().add(new MockPlatform()).build();
        AgentOptions options = options("  - {type: ds18b20, one-wire-id: 28-0316a2794cff, params: {devices-dir: '"
                + dir.toAbsolutePath() + "'}}\n");
        assertThatThrownBy(() -> SensorSources.open(options, pi4j))
                .isInstanceOfSatisfying(InvalidOptionsException.class, e -> assertThat(e.problems().get(0).message())
                        .startsWith("cannot open the ds18b20 1-Wire 28-0316a2794cff: ").contains(dir.toString()));
    }

    @Test
    void shouldStopStartUpNamingTheEntryWhenTheChipDoesNotAnswer() throws IOException {
        // An I2C bus where nothing is seeded: the chip id register does not read 0x60.
        pi4j = Pi4J.newContextBuilder().add(new MockPlatform()).add(new MockI2CProviderImpl()).build();
        AgentOptions options = options("  - {type: bme280, address: 0x77}\n");
        assertThatThrownBy(() -> SensorSources.open(options, pi4j))
                .isInstanceOfSatisfying(InvalidOptionsException.class, e -> {
                    assertThat(e.problems()).hasSize(1);
                    assertThat(e.problems().get(0).key()).isEqualTo("sensors[0]");
                    assertThat(e.problems().get(0).message()).startsWith("cannot open the bme280 on I2C bus 1 at 0x77: ")
                            .containsIgnoringCase("0x77");
                });
    }

    @Test
    void shouldHandTheFactoryEachTypesWiringAndParams() throws IOException {
        List<SensorOptions> s = options("""
                  - {type: bme280, bus: 3, address: 0x77}
                  - {type: adxl345, address: 0x1D, burst: {sample-rate-hz: 3200}, params: {range-g: 4, axis: x}}
                  - {type: ina219, address: 0x41, params: {shunt-ohms: 0.05}}
                  - {type: mcp3008, chip-select: 1, channel: 5, params: {reading: discharge_pressure_bar, at-4ma: 0, at-20ma: 10}}
                  - {type: ds18b20, one-wire-id: 28-0316a2794cff}
                  - {type: tachometer, pin: 17, params: {pulses-per-rev: 2}}
                  - {type: switch, pin: 27, params: {active: high, pull: down}}
                """).sensors();
        assertThat(SensorSources.spec("sensors[0]", s.get(0))).isEqualTo(new SensorSpec("sensors[0]", "bme280", 3, 0x77, null, Map.of()));
        assertThat(SensorSources.spec("sensors[1]", s.get(1))).isEqualTo(new SensorSpec("sensors[1]", "adxl345", 1, 0x1D, 3200.0,
                Map.of("range-g", "4", "axis", "x")));
        assertThat(SensorSources.spec("sensors[2]", s.get(2)).params()).containsEntry("shunt-ohms", "0.05")
                .containsEntry("max-current-a", "3.2");
        SensorSpec adc = SensorSources.spec("sensors[3]", s.get(3));
        assertThat(adc.bus()).isZero();
        assertThat(adc.address()).as("chip select").isEqualTo(1);
        assertThat(adc.params()).containsEntry("channel", "5").containsEntry("shunt-ohms", "150")
                .containsEntry("range-low", "0").containsEntry("range-high", "10").containsEntry("reading", "discharge_pressure_bar");
        assertThat(SensorSources.spec("sensors[4]", s.get(4)).params()).containsEntry("id", "28-0316a2794cff")
                .containsEntry("reading", "bearing_temp_c").containsEntry("devices-dir", "/sys/bus/w1/devices");
        assertThat(SensorSources.spec("sensors[5]", s.get(5)).address()).as("pin").isEqualTo(17);
        assertThat(SensorSources.spec("sensors[6]", s.get(6)).params()).containsEntry("active-low", "false")
                .containsEntry("pull", "down");
    }

    @Test
    void shouldMakeSyntheticStandInsWithTheRealReadingNames() throws IOException {
        List<SensorSource> sources = SensorSources.synthetic(options("""
                  - {type: bme280, address: 0x76}
                  - {type: adxl345, address: 0x53, burst: {sample-rate-hz: 1600, duration-s: 1, every-s: 5}}
                  - {type: ina219, address: 0x40}
                """));
        assertThat(sources.get(0).read()).containsOnlyKeys("ambient_temp_c", "ambient_pressure_pa", "ambient_humidity_pct");
        Map<String, Double> vib = sources.get(1).read();
        assertThat(vib).containsKeys("vib_rms_mm_s", "vib_kurtosis", "vib_crest", "vib_dominant_hz");
        assertThat(vib.get("vib_rms_mm_s")).as("the synthetic 1x line is 1.5 mm/s RMS").isBetween(1.3, 1.7);
        assertThat(vib.get("vib_dominant_hz")).as("1480 rpm").isBetween(24.0, 25.5);
        assertThat(sources.get(1).rateHz()).isEqualTo(0.2);
        assertThat(sources.get(2).read()).containsOnlyKeys("motor_current_a", "motor_voltage_v", "motor_power_w");
    }
}
