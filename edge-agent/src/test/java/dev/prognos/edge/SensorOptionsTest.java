package dev.prognos.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prognos.edge.SensorOptions.Burst;
import dev.prognos.edge.SensorOptions.Type;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("sensors: in the agent's configuration")
class SensorOptionsTest {

    @TempDir
    Path dir;

    private List<SensorOptions> load(String sensorsYaml) throws IOException {
        Path file = dir.resolve("agent.yaml");
        Files.writeString(file, "device: {id: d1, site: s1, asset-type: pump}\nsensors:\n" + sensorsYaml);
        return AgentOptions.load(file, Map.of()).sensors();
    }

    private void assertRefused(String sensorsYaml, String expected) {
        Path file = dir.resolve("agent.yaml");
        assertThatThrownBy(() -> load(sensorsYaml))
                .isInstanceOf(InvalidOptionsException.class)
                .hasMessageContaining(file + ": ")
                .hasMessageContaining(expected);
    }

    @Test
    void shouldReadTheShippedExampleKitWithEveryTypeAndItsWiring() {
        List<SensorOptions> s = AgentOptions.load(Path.of("src/main/dist/agent.example.yaml"), Map.of()).sensors();
        assertThat(s).extracting(SensorOptions::type).containsExactly(Type.BME280, Type.DS18B20, Type.INA219,
                Type.ADXL345, Type.MCP3008, Type.TACHOMETER, Type.SWITCH);
        assertThat(s.get(1).oneWireId()).isEqualTo("28-0316a2794cff");
        assertThat(s.get(2).number("shunt-ohms")).isEqualTo(0.1);
        assertThat(s.get(3).burst()).isEqualTo(new Burst(1600, 1, 10));
        assertThat(s.get(3).burst().samples()).isEqualTo(1600);
        assertThat(s.get(3).rateHz()).as("one feature message per burst").isEqualTo(0.1);
        assertThat(s.get(3).address()).isEqualTo(0x53);
        SensorOptions adc = s.get(4);
        assertThat(List.of(adc.bus(), adc.chipSelect(), adc.channel())).containsExactly(0, 0, 0);
        assertThat(adc.text("reading")).isEqualTo("discharge_pressure_bar");
        assertThat(adc.number("at-20ma")).isEqualTo(10.0);
        assertThat(adc.number("vref-v")).as("default").isEqualTo(3.3);
        assertThat(s.get(5).pin()).isEqualTo(17);
        assertThat(s.get(6).text("active")).isEqualTo("low");
        assertThat(s.get(6).address()).as("not I2C").isEqualTo(-1);
    }

    @Test
    void shouldFillEachTypesDefaults() throws IOException {
        List<SensorOptions> s = load("""
                  - {type: adxl345, address: 0x1D}
                  - {type: ina219, address: 0x45}
                  - {type: mcp3008, channel: 3}
                  - {type: switch, pin: 5}
                """);
        assertThat(s).extracting(SensorOptions::name).containsExactly("adxl345-0", "ina219-1", "mcp3008-2", "switch-3");
        assertThat(s.get(0).burst()).isEqualTo(new Burst(SensorOptions.DEFAULT_ADXL345_RATE_HZ,
                SensorOptions.DEFAULT_BURST_DURATION_S, SensorOptions.DEFAULT_BURST_EVERY_S));
        assertThat(s.get(0).params()).containsEntry("range-g", "8").containsEntry("axis", "z");
        assertThat(s.get(1).bus()).isEqualTo(SensorOptions.DEFAULT_I2C_BUS);
        assertThat(s.get(1).number("max-current-a")).isEqualTo(3.2);
        assertThat(s.get(2).bus()).isEqualTo(SensorOptions.DEFAULT_SPI_BUS);
        assertThat(s.get(2).chipSelect()).isZero();
        assertThat(s.get(2).text("reading")).isEqualTo("loop_current_ma");
        assertThat(s.get(3).text("reading")).isEqualTo("switch_active");
        assertThat(s.get(3).text("pull")).isEqualTo("up");
    }

    @Test
    void shouldReadTheDs18b20FromTheKernelsW1DirectoryUnlessADevicesDirIsGiven() throws IOException {
        List<SensorOptions> s = load("""
                  - {type: ds18b20, one-wire-id: 28-0316a2794cff}
                  - {type: ds18b20, one-wire-id: 28-00000000beef, params: {devices-dir: /run/sim/w1, reading: oil_temp_c}}
                """);
        assertThat(s.get(0).text(SensorOptions.DS18B20_DEVICES_DIR)).isEqualTo("/sys/bus/w1/devices");
        assertThat(s.get(0).text("reading")).isEqualTo("bearing_temp_c");
        assertThat(s.get(1).text(SensorOptions.DS18B20_DEVICES_DIR)).isEqualTo("/run/sim/w1");
        assertThat(s.get(1).text("reading")).isEqualTo("oil_temp_c");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            "  - {type: ina219, address: 0x76}"                          | sensors[0].address: must be 0x40..0x4F (A0, A1 straps) for an ina219, got 0x76
            "  - {type: adxl345, address: 0x53, rate-hz: 2}"             | sensors[0].rate-hz: does not apply to a vibration sensor: it is sampled in bursts, set burst.every-s
            "  - {type: adxl345, address: 0x53, burst: {sample-rate-hz: 1000}}" | sensors[0].burst.sample-rate-hz: must be one of the ADXL345's output data rates 800, 1600 or 3200, got 1000
            "  - {type: adxl345, address: 0x53, burst: {duration-s: 2, every-s: 2}}" | sensors[0].burst.every-s: must be longer than duration-s (2 s), got 2
            "  - {type: adxl345, address: 0x53, burst: {duration-s: 60}}" | sensors[0].burst.duration-s: must be above 0 and at most 10, got 60
            "  - {type: adxl345, address: 0x53, burst: {every: 5}}"      | sensors[0].burst.every: unknown key (known here: sample-rate-hz, duration-s, every-s)
            "  - {type: adxl345, address: 0x53, params: {range-g: 3}}"   | sensors[0].params.range-g: must be one of 16, 2, 4, 8, got '3'
            "  - {type: bme280, address: 0x76, burst: {every-s: 5}}"     | sensors[0].burst: applies to vibration sensors only (adxl345)
            "  - {type: bme280, address: 0x76, pin: 4}"                  | sensors[0].pin: does not apply to a bme280 (its wiring keys: bus, address)
            "  - {type: bme280, address: 0x76, params: {gain: 2}}"       | sensors[0].params.gain: unknown key (known here: )
            "  - {type: bme280}"                                        | sensors[0].address: is required
            "  - {type: mcp3008, channel: 8}"                           | sensors[0].channel: must be 0..7, got 8
            "  - {type: mcp3008}"                                       | sensors[0].channel: is required
            "  - {type: mcp3008, channel: 0, chip-select: 3}"           | sensors[0].chip-select: must be 0..2, got 3
            "  - {type: mcp3008, channel: 0, rate-hz: 5000}"            | sensors[0].rate-hz: must be at most 1000 for a mcp3008, got 5000
            "  - {type: mcp3008, channel: 0, params: {reading: Pressure}}" | sensors[0].params.reading: must be lower snake case ending in the unit
            "  - {type: mcp3008, channel: 0, params: {vref-v: 12}}"     | sensors[0].params.vref-v: must be 0.5..5.5, got 12
            "  - {type: ds18b20, one-wire-id: 10-000802b4c1a2}"         | sensors[0].one-wire-id: must be a DS18B20 id as in /sys/bus/w1/devices
            "  - {type: ds18b20, one-wire-id: 28-0316a2794cff, rate-hz: 2}" | sensors[0].rate-hz: must be at most 1 for a ds18b20 (a 12-bit conversion takes 750 ms), got 2
            "  - {type: ds18b20, one-wire-id: 28-0316a2794cff, bus: 1}" | sensors[0].bus: does not apply to a ds18b20 (its wiring keys: one-wire-id)
            "  - {type: ds18b20, one-wire-id: 28-0316a2794cff, params: {devices-dir: w1/devices}}" | sensors[0].params.devices-dir: must be an absolute path, e.g. /sys/bus/w1/devices, got 'w1/devices'
            "  - {type: ds18b20, one-wire-id: 28-0316a2794cff, params: {devices-dir: [/a, /b]}}" | sensors[0].params.devices-dir: must be a single value
            "  - {type: tachometer, pin: 40}"                           | sensors[0].pin: must be 0..27, got 40
            "  - {type: tachometer, pin: 17, params: {pulses-per-rev: 0}}" | sensors[0].params.pulses-per-rev: must be 1..1000, got 0
            "  - {type: switch, pin: 27, params: {pull: sideways}}"     | sensors[0].params.pull: must be one of down, off, up, got 'sideways'
            "  - {type: switch, pin: 27, name: 'door 1'}"               | sensors[0].name: must match
            "  - {type: thermocouple}"                                  | sensors[0].type: unknown sensor type 'thermocouple'
            """)
    void shouldRefuseABadEntryNamingItsKey(String yaml, String expected) {
        assertRefused(yaml + "\n", expected);
    }

    @Nested
    @DisplayName("two sensors")
    class Conflicts {
        @Test
        void shouldRefuseTwoOnTheSameI2cAddress() {
            assertRefused("""
                      - {type: ina219, address: 0x40}
                      - {type: ina219, address: 0x40, bus: 1}
                    """, "sensors[1].address: I2C bus 1 address 0x40 is already used by sensors[0]");
        }

        @Test
        void shouldAllowTheSameAddressOnAnotherBus() throws IOException {
            assertThat(load("""
                      - {type: ina219, address: 0x40}
                      - {type: ina219, address: 0x40, bus: 3}
                    """)).hasSize(2);
        }

        @Test
        void shouldRefuseTwoOnTheSameAdcChannelButAllowOtherChannels() throws IOException {
            assertThat(load("""
                      - {type: mcp3008, channel: 0}
                      - {type: mcp3008, channel: 1}
                    """)).hasSize(2);
            assertRefused("""
                      - {type: mcp3008, channel: 1}
                      - {type: mcp3008, channel: 1, chip-select: 0}
                    """, "sensors[1].channel: SPI bus 0 chip-select 0 channel 1 is already used by sensors[0]");
        }

        @Test
        void shouldRefuseTwoOnTheSamePin() {
            assertRefused("""
                      - {type: tachometer, pin: 17}
                      - {type: switch, pin: 17}
                    """, "sensors[1].pin: GPIO 17 is already used by sensors[0]");
        }

        @Test
        void shouldRefuseTwoWithTheSameName() {
            assertRefused("""
                      - {type: tachometer, pin: 17, name: shaft}
                      - {type: switch, pin: 18, name: shaft}
                    """, "sensors[1].name: 'shaft' is already the name of sensors[0]");
        }
    }

    @Test
    void shouldReportProblemsOfSeveralEntriesAtOnce() {
        assertThatThrownBy(() -> load("""
                  - {type: ina219, address: 0x10}
                  - {type: switch}
                  - {type: adxl345, address: 0x53, params: {axis: w}}
                """)).isInstanceOfSatisfying(InvalidOptionsException.class, e -> assertThat(e.problems())
                .extracting(InvalidOptionsException.Problem::key)
                .containsExactly("sensors[0].address", "sensors[1].pin", "sensors[2].params.axis"));
    }

    @Test
    void shouldDocumentEveryType() {
        for (Type t : Type.values()) {
            assertThat(SensorOptions.TYPE_DOC).contains(t.configName);
        }
    }

    @Test
    void shouldDescribeWhereEachSensorIsWired() throws IOException {
        List<SensorOptions> s = load("""
                  - {type: ina219, address: 0x41}
                  - {type: mcp3008, channel: 2, chip-select: 1}
                  - {type: ds18b20, one-wire-id: 28-0316a2794cff}
                  - {type: switch, pin: 22}
                """);
        assertThat(s).extracting(SensorOptions::location).containsExactly("ina219 on I2C bus 1 at 0x41",
                "mcp3008 on SPI bus 0 CE1 channel 2", "ds18b20 1-Wire 28-0316a2794cff", "switch on GPIO 22");
    }
}
