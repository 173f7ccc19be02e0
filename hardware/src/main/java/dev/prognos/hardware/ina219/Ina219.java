package dev.prognos.hardware.ina219;

import static dev.prognos.hardware.ina219.internal.Ina219Registers.*;

import com.pi4j.context.Context;
import dev.prognos.hardware.RegisterDevice;
import dev.prognos.hardware.Sensor;
import dev.prognos.hardware.SensorException;
import dev.prognos.hardware.ina219.internal.Ina219Calibration;
import dev.prognos.hardware.internal.Devices;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TI INA219 current, voltage and power monitor on I2C (datasheet SBOS448G), for motor current.
 *
 * <p>The INA219 has no chip id register. Construction resets it and checks that the
 * configuration register then reads its documented reset value 0x399F, which a missing device or
 * most other chips at the address do not; it then programs the calibration register from the
 * shunt and the expected current (§8.5.1) and starts continuous 12-bit conversions (532 µs each).
 * Not thread-safe: one reader per sensor.
 */
public final class Ina219 implements Sensor {

    /** Lowest address (A0 and A1 to GND); A0/A1 select 0x40..0x4F. */
    public static final int ADDRESS_MIN = 0x40;
    public static final int ADDRESS_MAX = 0x4F;

    private static final Logger LOG = LoggerFactory.getLogger(Ina219.class);

    private final RegisterDevice device;
    private final Ina219Options options;
    private final Ina219Calibration calibration;
    private final String readingPrefix;

    /**
     * Opens the sensor on a Pi4J I2C bus.
     *
     * @param address       0x40..0x4F (A0, A1 straps; 0x40 with both to GND)
     * @param readingPrefix prefix of the telemetry names, e.g. {@code "motor_"} gives {@code motor_current_a}
     * @throws SensorException if the configuration register does not read 0x399F after a reset, or the bus fails
     */
    public Ina219(Context pi4j, int bus, int address, Ina219Options options, String readingPrefix) {
        this(RegisterDevice.i2c(Objects.requireNonNull(pi4j, "pi4j"),
                String.format("ina219-%d-%02x", bus, checkAddress(address)), bus, address), options, readingPrefix);
    }

    /** Drives an INA219 behind any register seam; takes ownership of {@code device}. */
    public Ina219(RegisterDevice device, Ina219Options options, String readingPrefix) {
        this.device = Objects.requireNonNull(device, "device");
        this.options = Objects.requireNonNull(options, "options");
        this.readingPrefix = Objects.requireNonNull(readingPrefix, "readingPrefix");
        this.calibration = Ina219Calibration.of(options);
        try {
            resetAndCheck();
            write16(CALIBRATION, calibration.calibration());
            write16(CONFIG, config());
        } catch (RuntimeException e) {
            throw Devices.closeAfter(e, device);
        }
        LOG.info("INA219 on {} ready: {} Ω shunt, up to {} A, calibration {}, {} µA/LSB", device.location(),
                options.shuntOhms(), options.maxExpectedAmps(), calibration.calibration(),
                calibration.currentLsbA() * 1e6);
    }

    /**
     * The newest conversion.
     *
     * @throws SensorException if the chip flags a math overflow (current or power beyond what the
     *                         calibration can represent: more than the max expected current flows)
     */
    public Ina219Reading read() {
        int bus = read16(BUS_VOLTAGE);
        if ((bus & BUS_VOLTAGE_OVF) != 0) {
            throw new SensorException(String.format("INA219 on %s: math overflow: the current is beyond the"
                    + " %s A this sensor was calibrated for", device.location(), options.maxExpectedAmps()));
        }
        double shuntV = (short) read16(SHUNT_VOLTAGE) * SHUNT_VOLTAGE_LSB_V;
        double currentA = (short) read16(CURRENT) * calibration.currentLsbA();
        double powerW = read16(POWER) * calibration.powerLsbW();
        return new Ina219Reading((bus >>> 3) * BUS_VOLTAGE_LSB_V, shuntV, currentA, powerW);
    }

    /** {@link #read()} as current, voltage and power after the reading prefix. */
    @Override
    public Map<String, Double> readings() {
        return read().toReadings(readingPrefix);
    }

    @Override
    public String describe() {
        return "INA219 on " + device.location();
    }

    public Ina219Calibration calibration() {
        return calibration;
    }

    /** Powers the chip down (6 µA typical) and releases the bus. */
    @Override
    public void close() {
        Devices.sleepThenClose(device, "INA219", () -> write16(CONFIG, (config() & ~0b111) | CONFIG_MODE_POWER_DOWN));
    }

    private void resetAndCheck() {
        write16(CONFIG, CONFIG_RESET);
        int found = read16(CONFIG);
        if (found != CONFIG_RESET_VALUE) {
            throw new SensorException(String.format("INA219 on %s: the INA219 has no chip id register; after a reset"
                            + " its configuration register 0x00 should read 0x%04X, but reads 0x%04X%s",
                    device.location(), CONFIG_RESET_VALUE, found,
                    found == 0x0000 || found == 0xFFFF ? " (nothing answering properly: check wiring and address)"
                            : " (another chip at this address?)"));
        }
    }

    private int config() {
        return (options.busRangeV() == 32 ? CONFIG_BRNG_32V : 0)
                | calibration.pgaBits() << CONFIG_PG_SHIFT
                | ADC_12BIT << CONFIG_BADC_SHIFT
                | ADC_12BIT << CONFIG_SADC_SHIFT
                | CONFIG_MODE_CONTINUOUS;
    }

    private int read16(int register) {
        byte[] b = new byte[2];
        device.read(register, b);
        return (b[0] & 0xFF) << 8 | b[1] & 0xFF;
    }

    private void write16(int register, int value) {
        device.write(register, new byte[] {(byte) (value >> 8), (byte) value});
    }

    private static int checkAddress(int address) {
        if (address < ADDRESS_MIN || address > ADDRESS_MAX) {
            throw new IllegalArgumentException(String.format(
                    "INA219 address must be 0x40..0x4F (set by A0 and A1), got 0x%02X", address));
        }
        return address;
    }
}
