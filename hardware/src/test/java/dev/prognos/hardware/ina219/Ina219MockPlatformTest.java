package dev.prognos.hardware.ina219;

import static dev.prognos.hardware.ina219.internal.Ina219Registers.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.pi4j.context.Context;
import com.pi4j.io.i2c.I2C;
import dev.prognos.hardware.MockPlatformTestBase;
import dev.prognos.hardware.SensorException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The driver through Pi4J's I2C on the mock platform (a byte FIFO per register: writes queue behind seeded bytes). */
class Ina219MockPlatformTest extends MockPlatformTestBase {

    @ParameterizedTest(name = "bus {0}, address 0x{1}")
    @CsvSource({"1, 40", "1, 4F", "0, 45"})
    void shouldRefuseADeviceThatDoesNotResetLikeAnIna219NamingBusAndAddress(int bus, String addressHex) {
        // Nothing seeded: the read after the reset pops the reset command itself, 0x8000.
        Context ctx = i2c(i2c -> { });
        assertThatThrownBy(() -> new Ina219(ctx, bus, Integer.parseInt(addressHex, 16), Ina219Options.DEFAULT, "motor_"))
                .isInstanceOf(SensorException.class)
                .hasMessageContaining("INA219 on I2C bus " + bus + " at 0x" + addressHex)
                .hasMessageContaining("should read 0x399F, but reads 0x8000");
        assertThat(ctx.registry().exists(String.format("ina219-%d-%s", bus, addressHex.toLowerCase()))).isFalse();
    }

    @Test
    void shouldRefuseAnAddressTheStrapsCannotSet() {
        Context ctx = i2c(i2c -> { });
        assertThatThrownBy(() -> new Ina219(ctx, 1, 0x50, Ina219Options.DEFAULT, ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0x50");
    }

    @Test
    void shouldResetCalibrateAndReadThroughPi4jI2c() {
        Context ctx = i2c(i2c -> {
            i2c.writeRegister(CONFIG, new byte[] {0x39, (byte) 0x9F});
            i2c.writeRegister(BUS_VOLTAGE, new byte[] {0x2E, (byte) 0xE2}); // 1500 × 4 mV = 6.000 V, CNVR
            i2c.writeRegister(SHUNT_VOLTAGE, new byte[] {0x03, (byte) 0xE8}); // 1000 × 10 µV = 10 mV
            i2c.writeRegister(CURRENT, new byte[] {0x03, (byte) 0xFF}); // 1023 LSB
            i2c.writeRegister(POWER, new byte[] {0x00, 0x64}); // 100 LSB
        });
        try (Ina219 ina = new Ina219(ctx, 1, Ina219.ADDRESS_MIN, Ina219Options.DEFAULT, "motor_")) {
            double lsb = ina.calibration().currentLsbA();
            Ina219Reading r = ina.read();
            assertThat(r.busVoltageV()).isCloseTo(6.0, within(1e-9));
            assertThat(r.shuntVoltageV()).isCloseTo(0.010, within(1e-9));
            assertThat(r.currentA()).isCloseTo(1023 * lsb, within(1e-12));
            assertThat(r.powerW()).isCloseTo(100 * 20 * lsb, within(1e-12));

            I2C i2c = ctx.registry().get("ina219-1-40", I2C.class);
            assertThat(i2c.readRegisterWord(CONFIG)).as("reset").isEqualTo(0x8000);
            assertThat(i2c.readRegisterWord(CONFIG)).as("32 V, ±320 mV, 12-bit, continuous").isEqualTo(0x399F);
            assertThat(i2c.readRegisterWord(CALIBRATION)).isEqualTo(4194 & ~1);
        }
    }
}
