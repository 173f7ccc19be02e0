package dev.prognos.hardware.bme280;

import static dev.prognos.hardware.bme280.Bme280Fixtures.DATASHEET;
import static dev.prognos.hardware.bme280.Bme280Fixtures.DATASHEET_ADC_P;
import static dev.prognos.hardware.bme280.Bme280Fixtures.DATASHEET_ADC_T;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.pi4j.context.Context;
import com.pi4j.io.i2c.I2C;
import dev.prognos.hardware.MockPlatformTestBase;
import dev.prognos.hardware.SensorException;
import dev.prognos.hardware.bme280.internal.Bme280Registers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The driver through Pi4J's own I2C stack on its mock platform. Pi4J's MockI2C keeps a FIFO of
 * bytes per register (no register file, no auto-increment), so each test queues exactly the bytes
 * the driver's reads will pop, in order, before the driver opens the device.
 */
class Bme280MockPlatformTest extends MockPlatformTestBase {

    @ParameterizedTest(name = "bus {0}, address 0x{1}, chip id 0x{2}")
    @CsvSource({
            "1, 76, 58",
            "1, 77, 61",
            "3, 77, 00"})
    void shouldRefuseAnotherChipNamingBusAddressAndBothIds(int bus, String addressHex, String foundHex) {
        int found = Integer.parseInt(foundHex, 16);
        Context ctx = i2c(i2c -> i2c.writeRegister(Bme280Registers.CHIP_ID, (byte) found));
        assertThatThrownBy(() -> new Bme280(ctx, bus, Integer.parseInt(addressHex, 16)))
                .isInstanceOf(SensorException.class)
                .hasMessageContaining("I2C bus " + bus + " at 0x" + addressHex)
                .hasMessageContaining("reads 0x" + foundHex)
                .hasMessageContaining("expected 0x60");
        assertThat(ctx.registry().exists(String.format("bme280-%d-%s", bus, addressHex)))
                .as("the I2C handle is released, so the sensor can be opened again").isFalse();
    }

    @Test
    void shouldRefuseAnAddressABme280CannotHave() {
        Context ctx = i2c(i2c -> { });
        assertThatThrownBy(() -> new Bme280(ctx, 1, 0x40))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0x40");
    }

    @Test
    void shouldInitialiseAndReadThroughPi4jI2c() {
        Context ctx = i2c(i2c -> {
            i2c.writeRegister(Bme280Registers.CHIP_ID, (byte) Bme280Registers.CHIP_ID_BME280);
            i2c.writeRegister(Bme280Registers.STATUS, new byte[] {0, 0, 0, 0});
            i2c.writeRegister(Bme280Registers.CALIB_00, Bme280Fixtures.block1(DATASHEET));
            i2c.writeRegister(Bme280Registers.CALIB_26, Bme280Fixtures.block2(DATASHEET));
            i2c.writeRegister(Bme280Registers.DATA, Bme280Fixtures.data(DATASHEET_ADC_T, DATASHEET_ADC_P, 29800));
        });
        try (Bme280 bme = new Bme280(ctx, 1, Bme280.ADDRESS_PRIMARY)) {
            Bme280Reading r = bme.read();
            assertThat(r.temperatureC()).isEqualTo(25.08);
            assertThat(r.pressurePa()).isCloseTo(100653.27, within(0.05));

            // What the driver wrote is queued on each register, oldest first (as signed bytes).
            I2C i2c = ctx.registry().get("bme280-1-76", I2C.class);
            assertThat(i2c.readRegister(Bme280Registers.RESET) & 0xFF).isEqualTo(0xB6);
            assertThat(i2c.readRegister(Bme280Registers.CTRL_HUM) & 0xFF).as("humidity ×1").isEqualTo(0b001);
            assertThat(i2c.readRegister(Bme280Registers.CONFIG) & 0xFF).as("standby 1000 ms, filter off").isEqualTo(0b101 << 5);
            assertThat(i2c.readRegister(Bme280Registers.CTRL_MEAS) & 0xFF).as("sleep while configuring").isEqualTo(0b00100100);
            assertThat(i2c.readRegister(Bme280Registers.CTRL_MEAS) & 0xFF).as("latch ctrl_hum, still asleep").isEqualTo(0b00100100);
            assertThat(i2c.readRegister(Bme280Registers.CTRL_MEAS) & 0xFF).as("forced measurement on read").isEqualTo(0b00100101);
        }
    }
}
