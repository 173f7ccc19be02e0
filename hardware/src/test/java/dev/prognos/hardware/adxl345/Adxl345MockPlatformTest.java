package dev.prognos.hardware.adxl345;

import static dev.prognos.hardware.adxl345.internal.Adxl345Registers.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.pi4j.context.Context;
import com.pi4j.io.i2c.I2C;
import dev.prognos.hardware.Burst;
import dev.prognos.hardware.MockPlatformTestBase;
import dev.prognos.hardware.RegisterDevice;
import dev.prognos.hardware.SensorException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The driver through Pi4J's I2C stack on the mock platform. MockI2C keeps a byte FIFO per
 * register, which is how the ADXL345's data FIFO behaves too: each 6-byte read of DATAX0 pops one
 * sample.
 */
class Adxl345MockPlatformTest extends MockPlatformTestBase {

    @ParameterizedTest(name = "bus {0}, address 0x{1}, DEVID 0x{2}")
    @CsvSource({"1, 53, 00", "1, 1D, E6", "0, 53, FF"})
    void shouldRefuseAnotherChipNamingBusAddressAndBothIds(int bus, String addressHex, String foundHex) {
        Context ctx = i2c(i2c -> i2c.writeRegister(DEVID, (byte) Integer.parseInt(foundHex, 16)));
        assertThatThrownBy(() -> new Adxl345(ctx, bus, Integer.parseInt(addressHex, 16), Adxl345Options.DEFAULT))
                .isInstanceOf(SensorException.class)
                .hasMessageContaining("ADXL345 on I2C bus " + bus + " at 0x" + addressHex)
                .hasMessageContaining("reads 0x" + foundHex).hasMessageContaining("expected 0xE5");
        assertThat(ctx.registry().exists(String.format("adxl345-%d-%s", bus, addressHex.toLowerCase())))
                .as("the I2C handle is released").isFalse();
    }

    @Test
    void shouldRefuseAnAddressTheChipCannotHave() {
        Context ctx = i2c(i2c -> { });
        assertThatThrownBy(() -> new Adxl345(ctx, 1, 0x76, Adxl345Options.DEFAULT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0x76");
    }

    @Test
    void shouldConfigureAndReadABurstThroughPi4jI2c() {
        short[] z = {256, 250, -12, 4095};
        Context ctx = i2c(i2c -> {
            i2c.writeRegister(DEVID, (byte) DEVID_ADXL345);
            i2c.writeRegister(FIFO_STATUS, new byte[] {3, 1});
            for (short v : z) {
                i2c.writeRegister(DATAX0, new byte[] {1, 0, 2, 0, (byte) v, (byte) (v >> 8)});
            }
        });
        // As the (context, bus, address) constructor opens it, with a stopped clock: MockI2C has no time, and a
        // stall of this host while popping must not count as an overflow (it would for a real chip).
        try (Adxl345 adxl = new Adxl345(RegisterDevice.i2c(ctx, "adxl345-1-53", 1, Adxl345.ADDRESS_PRIMARY),
                Adxl345Options.DEFAULT, () -> 0L)) {
            Burst burst = adxl.burst(4);
            assertThat(burst.sampleRateHz()).isEqualTo(3200.0);
            for (int i = 0; i < z.length; i++) {
                assertThat(burst.accelMs2()[i]).isCloseTo(z[i] * 0.0039 * 9.80665, within(1e-9));
            }
            I2C i2c = ctx.registry().get("adxl345-1-53", I2C.class);
            assertThat(i2c.readRegister(BW_RATE)).as("3200 Hz").isEqualTo(0x0F);
            assertThat(i2c.readRegister(DATA_FORMAT)).as("full resolution, ±16 g").isEqualTo(0x0B);
            assertThat(i2c.readRegister(POWER_CTL)).as("standby while configuring").isZero();
            assertThat(i2c.readRegister(POWER_CTL)).as("then measure").isEqualTo(0x08);
            assertThat(new int[] {i2c.readRegister(FIFO_CTL) & 0xFF, i2c.readRegister(FIFO_CTL) & 0xFF,
                    i2c.readRegister(FIFO_CTL) & 0xFF, i2c.readRegister(FIFO_CTL) & 0xFF}).as("bypass (clears) then stream, at init and again per burst")
                    .containsExactly(0x00, 0x90, 0x00, 0x90);
        }
    }
}
