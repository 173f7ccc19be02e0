package dev.prognos.hardware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.pi4j.context.Context;
import dev.prognos.hardware.adxl345.Adxl345;
import dev.prognos.hardware.adxl345.internal.Adxl345Registers;
import dev.prognos.hardware.ds18b20.Ds18b20;
import dev.prognos.hardware.ina219.Ina219;
import dev.prognos.hardware.ina219.internal.Ina219Registers;
import dev.prognos.hardware.mcp3008.Mcp3008;
import dev.prognos.hardware.mcp3008.Mcp3008MockSpi;
import dev.prognos.hardware.switchinput.SwitchInput;
import dev.prognos.hardware.tachometer.Tachometer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The factory on Pi4J's mock platform: an INA219 and an ADXL345 answer on I2C bus 1, an MCP3008 on SPI. */
class SensorsTest extends MockPlatformTestBase {

    private final AtomicReference<Mcp3008MockSpi> adc = new AtomicReference<>();
    private Context pi4j;

    @TempDir
    Path w1;

    @BeforeEach
    void board() {
        pi4j = all(i2c -> {
            if (i2c.device() == 0x40) {
                i2c.writeRegister(Ina219Registers.CONFIG, new byte[] {0x39, (byte) 0x9F});
            } else if (i2c.device() == 0x53) {
                i2c.writeRegister(Adxl345Registers.DEVID, (byte) Adxl345Registers.DEVID_ADXL345);
            }
        }, (provider, config) -> {
            Mcp3008MockSpi spi = new Mcp3008MockSpi(provider, config);
            adc.set(spi);
            return spi;
        });
    }

    /** "a=1;b=2" → {a=1, b=2}. */
    private static Map<String, String> params(String text) {
        if (text == null || text.isBlank()) {
            return Map.of();
        }
        return Arrays.stream(text.split(";")).map(kv -> kv.split("=", 2))
                .collect(Collectors.toMap(kv -> kv[0], kv -> kv[1]));
    }

    @Test
    void shouldOpenEachTypeFromItsEntry() throws IOException {
        Path dir = Files.createDirectories(w1.resolve("28-0316a2793aff"));
        Files.writeString(dir.resolve("w1_slave"), "91 01 4b 46 7f ff 0f 10 5a : crc=5a YES\n91 01 4b 46 7f ff 0f 10 5a t=25062\n");
        try (Sensor ina = Sensors.open(pi4j, new SensorSpec("sensors[0]", "ina219", 1, 0x40, 1.0,
                     params("shunt-ohms=0.1;max-current-a=2;reading=pump_")));
             Sensor adxl = Sensors.open(pi4j, new SensorSpec("sensors[1]", "adxl345", null, null, 1000.0, params("axis=x;range-g=8")));
             Sensor mcp = Sensors.open(pi4j, new SensorSpec("sensors[2]", "mcp3008", 0, 1, null,
                     params("channel=3;shunt-ohms=150;range-low=0;range-high=10;reading=discharge_pressure_bar")));
             Sensor ds = Sensors.open(pi4j, new SensorSpec("sensors[3]", "ds18b20", null, null, 0.2,
                     params("devices-dir=" + w1 + ";reading=bearing_temp_c")));
             Sensor tach = Sensors.open(pi4j, new SensorSpec("sensors[4]", "tachometer", null, 17, 1.0, params("pulses-per-rev=2")));
             Sensor door = Sensors.open(pi4j, new SensorSpec("sensors[5]", "switch", null, 27, 1.0, params("reading=door_open")))) {
            assertThat(ina).isInstanceOf(Ina219.class);
            assertThat(((Ina219) ina).calibration().currentLsbA()).isCloseTo(2.0 / 32768, within(1e-7));
            assertThat(adxl).isInstanceOf(Adxl345.class).isInstanceOf(VibrationSensor.class);
            assertThat(((VibrationSensor) adxl).sampleRateHz()).as("1000 Hz asked, the chip's next rate").isEqualTo(1600.0);
            assertThat(((Adxl345) adxl).options().range().fullScaleG).isEqualTo(8);
            assertThat(mcp).isInstanceOf(Mcp3008.class);
            adc.get().codes[3] = 559;
            assertThat(mcp.readings().get("discharge_pressure_bar")).isCloseTo(5.0, within(0.01));
            assertThat(ds).isInstanceOf(Ds18b20.class);
            assertThat(ds.readings()).containsEntry("bearing_temp_c", 25.0625);
            assertThat(tach).isInstanceOf(Tachometer.class);
            assertThat(tach.readings()).containsEntry("shaft_speed_rpm", 0.0);
            assertThat(door).isInstanceOf(SwitchInput.class);
            assertThat(door.describe()).isEqualTo("switch on GPIO 27");
        }
    }

    @ParameterizedTest(name = "{0} {1}: {3}")
    @CsvSource(delimiter = '|', value = {
            // type    | address | params                         | message starts with
            "thermo    |         |                                | sensors[7].type: must be one of bme280, adxl345, ina219, mcp3008, ds18b20, tachometer, switch, got 'thermo'",
            "ina219    | 64      | shunt-ohm=0.1                  | sensors[7].params.shunt-ohm: not a parameter of ina219 (known: bus-range-v, max-current-a, reading, shunt-ohms)",
            "ina219    | 64      | shunt-ohms=abc                 | sensors[7].params.shunt-ohms: must be a number, got 'abc'",
            "ina219    | 64      | shunt-ohms=0.1;max-current-a=5 | sensors[7].params.max-current-a: INA219 max expected current 5.0 A through 0.1 Ω drops 0.5000 V",
            "ina219    | 80      |                                | sensors[7].address (ina219): INA219 address must be 0x40..0x4F",
            "ina219    | 64      | bus-range-v=24                 | sensors[7].params.bus-range-v: must be one of 16, 32, got '24'",
            "adxl345   | 83      | range-g=3                      | sensors[7] (adxl345): ADXL345 range must be 2, 4, 8 or 16 g, got 3",
            "adxl345   | 83      | axis=w                         | sensors[7].params.axis: must be one of x, y, z, got 'w'",
            "mcp3008   | 0       | channel=8                      | sensors[7].params.channel: must be 0..7, got 8",
            "mcp3008   | 0       | shunt-ohms=150                 | sensors[7].params.range-high: required with shunt-ohms",
            "mcp3008   | 5       |                                | sensors[7].address: the MCP3008's chip select must be 0..2, got 5",
            "ds18b20   |         | id=10-000802b5a8c1             | sensors[7].params.id: a DS18B20 id starts with 28-",
            "tachometer|         |                                | sensors[7].address: required: the BCM GPIO number",
            "tachometer| 41      |                                | sensors[7].address (tachometer): GPIO pin must be a BCM number 0..27, got 41",
            "tachometer| 17      | edge=both                      | sensors[7].params.edge: must be one of rising, falling, got 'both'",
            "switch    | 5       | debounce-ms=-1                 | sensors[7].params.debounce-ms: must be 0..10000, got -1",
            "switch    | 5       | active-low=yes                 | sensors[7].params.active-low: must be one of true, false, got 'yes'"})
    void shouldRefuseABadEntryNamingTheKey(String type, Integer address, String params, String message) {
        SensorSpec spec = new SensorSpec("sensors[7]", type, null, address, null, params(params));
        assertThatThrownBy(() -> Sensors.open(pi4j, spec)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void shouldNameTheKeyBusAndAddressWhenTheDeviceIsMissing() {
        // nothing at 0x1D: MockI2C hands back nothing, so DEVID reads short
        assertThatThrownBy(() -> Sensors.open(pi4j, SensorSpec.of("sensors[2]", "adxl345", 1, 0x1D)))
                .isInstanceOf(SensorException.class)
                .hasMessageStartingWith("sensors[2] (adxl345): ")
                .hasMessageContaining("I2C bus 1 at 0x1D");
        assertThatThrownBy(() -> Sensors.open(pi4j, new SensorSpec("sensors[3]", "ds18b20", null, null, null,
                new HashMap<>(Map.of("devices-dir", w1.toString())))))
                .isInstanceOf(SensorException.class)
                .hasMessageStartingWith("sensors[3] (ds18b20): DS18B20: no sensor under " + w1);
    }

    @Test
    void shouldRefuseATooFastAdxl345RateNamingTheRateKey() {
        assertThatThrownBy(() -> Sensors.open(pi4j, new SensorSpec("sensors[1]", "adxl345", 1, 0x53, 6400.0, Map.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("sensors[1].rate: the ADXL345 samples at 0.1..3200 Hz, got 6400.0");
    }
}
