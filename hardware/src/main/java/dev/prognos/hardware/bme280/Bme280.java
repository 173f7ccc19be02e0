package dev.prognos.hardware.bme280;

import static dev.prognos.hardware.bme280.internal.Bme280Registers.*;

import com.pi4j.context.Context;
import dev.prognos.hardware.RegisterDevice;
import dev.prognos.hardware.Sensor;
import dev.prognos.hardware.SensorException;
import java.util.Map;
import dev.prognos.hardware.bme280.internal.Bme280Calibration;
import dev.prognos.hardware.internal.Devices;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bosch BME280 temperature, pressure and humidity sensor on I2C (datasheet BST-BME280-DS002).
 *
 * <p>Construction checks the chip id, resets the chip, reads its trim values and configures it;
 * an instance that exists is ready to {@link #read()}. Not thread-safe: one reader per sensor.
 *
 * <pre>{@code
 * try (Context pi4j = Pi4J.newAutoContext(); Bme280 bme = new Bme280(pi4j, 1, 0x76)) {
 *     Bme280Reading r = bme.read();
 * }
 * }</pre>
 */
public final class Bme280 implements Sensor {

    /** Address with SDO tied to GND. */
    public static final int ADDRESS_PRIMARY = 0x76;
    /** Address with SDO tied to VDDIO. */
    public static final int ADDRESS_SECONDARY = 0x77;

    private static final Logger LOG = LoggerFactory.getLogger(Bme280.class);
    /** Start-up time after power-on or soft reset is 2 ms (datasheet table 1); allow margin. */
    private static final long RESET_TIMEOUT_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final RegisterDevice device;
    private final Bme280Config config;
    private final Bme280Calibration calibration;

    /** Opens the sensor with the {@link Bme280Config#DEFAULT} setting. */
    public Bme280(Context pi4j, int bus, int address) {
        this(pi4j, bus, address, Bme280Config.DEFAULT);
    }

    /**
     * Opens the sensor on a Pi4J I2C bus.
     *
     * @param pi4j    Pi4J context
     * @param bus     I2C bus number (1 on a Raspberry Pi's header)
     * @param address {@link #ADDRESS_PRIMARY} (0x76) or {@link #ADDRESS_SECONDARY} (0x77)
     * @throws SensorException if another chip (or none) answers, or the bus fails
     */
    public Bme280(Context pi4j, int bus, int address, Bme280Config config) {
        this(RegisterDevice.i2c(Objects.requireNonNull(pi4j, "pi4j"), pi4jId(bus, checkAddress(address)), bus, address),
                config);
    }

    /**
     * Drives a BME280 behind any register seam (a simulator, a different bus library). Takes
     * ownership of {@code device}: it is closed with this sensor, or at once if initialisation fails.
     */
    public Bme280(RegisterDevice device, Bme280Config config) {
        this.device = Objects.requireNonNull(device, "device");
        this.config = Objects.requireNonNull(config, "config");
        try {
            checkChipId();
            device.write(RESET, RESET_VALUE);
            awaitClear(STATUS_IM_UPDATE, RESET_TIMEOUT_NANOS, "copying trim values after reset");
            byte[] block1 = new byte[CALIB_00_LENGTH];
            byte[] block2 = new byte[CALIB_26_LENGTH];
            device.read(CALIB_00, block1);
            device.read(CALIB_26, block2);
            this.calibration = Bme280Calibration.parse(block1, block2);
            configure();
        } catch (RuntimeException e) {
            throw Devices.closeAfter(e, device);
        }
        LOG.info("BME280 on {} ready: {}", device.location(), config);
    }

    /**
     * Measures (forced mode) or fetches the newest measurement (normal mode) and compensates it.
     *
     * @throws SensorException if the bus fails or a forced measurement does not finish in time
     */
    public Bme280Reading read() {
        if (config.mode() == Bme280Config.Mode.FORCED) {
            device.write(CTRL_MEAS, ctrlMeas(Bme280Config.Mode.FORCED));
            long maxNanos = TimeUnit.MICROSECONDS.toNanos(config.maxMeasurementMicros());
            // Sleep for the typical time first: polling a bus at full speed only adds traffic.
            Devices.sleepNanos(maxNanos * 3 / 4, "the BME280");
            awaitClear(STATUS_MEASURING, maxNanos * 2, "forced measurement");
        }
        byte[] data = new byte[DATA_LENGTH];
        device.read(DATA, data);
        return compensate(calibration, config, Bme280Calibration.Raw.parse(data));
    }

    /** {@link #read()} under the telemetry names of {@link Bme280Reading#toReadings()}. */
    @Override
    public Map<String, Double> readings() {
        return read().toReadings();
    }

    @Override
    public String describe() {
        return "BME280 on " + device.location();
    }

    /** The trim values read from this chip. */
    public Bme280Calibration calibration() {
        return calibration;
    }

    public Bme280Config config() {
        return config;
    }

    /** Puts the chip to sleep (no more conversions) and releases the bus. */
    @Override
    public void close() {
        Devices.sleepThenClose(device, "BME280", () -> device.write(CTRL_MEAS, 0));
    }

    /** Turns raw ADC values into physical units, NaN where the measurement was skipped. */
    static Bme280Reading compensate(Bme280Calibration cal, Bme280Config config, Bme280Calibration.Raw raw) {
        int tFine = cal.tFine(raw.adcT());
        double t = Bme280Calibration.temperatureCentiC(tFine) / 100.0;
        double p = config.pressure() == Bme280Config.Oversampling.SKIP || raw.adcP() == SKIPPED_20BIT
                ? Double.NaN : cal.pressureQ24_8(raw.adcP(), tFine) / 256.0;
        double h = config.humidity() == Bme280Config.Oversampling.SKIP || raw.adcH() == SKIPPED_16BIT
                ? Double.NaN : cal.humidityQ22_10(raw.adcH(), tFine) / 1024.0;
        return new Bme280Reading(t, p, h);
    }

    private void checkChipId() {
        int found = device.read(CHIP_ID);
        if (found != CHIP_ID_BME280) {
            String hint = found == CHIP_ID_BMP280 ? " (that is a BMP280: it has no humidity sensor)"
                    : found == 0x00 || found == 0xFF ? " (nothing answering properly: check wiring and address)" : "";
            throw new SensorException(String.format("BME280 on %s: chip id register 0xD0 reads 0x%02X, expected 0x%02X%s",
                    device.location(), found, CHIP_ID_BME280, hint));
        }
    }

    private void configure() {
        // Order matters (datasheet §5.4.3): ctrl_hum takes effect only after a write to ctrl_meas,
        // and config may be ignored outside sleep mode, so write it while the chip sleeps.
        device.write(CTRL_MEAS, ctrlMeas(null));
        device.write(CONFIG, (config.standby().bits << 5) | (config.filter().bits << 2));
        device.write(CTRL_HUM, config.humidity().bits);
        device.write(CTRL_MEAS, ctrlMeas(config.mode() == Bme280Config.Mode.NORMAL ? Bme280Config.Mode.NORMAL : null));
    }

    /** ctrl_meas value; {@code mode == null} means sleep. */
    private int ctrlMeas(Bme280Config.Mode mode) {
        return (config.temperature().bits << 5) | (config.pressure().bits << 2) | (mode == null ? 0 : mode.bits);
    }

    private void awaitClear(int statusBit, long timeoutNanos, String what) {
        long deadline = System.nanoTime() + timeoutNanos;
        while ((device.read(STATUS) & statusBit) != 0) {
            if (System.nanoTime() - deadline > 0) {
                throw new SensorException(String.format("BME280 on %s: %s did not finish within %d µs",
                        device.location(), what, TimeUnit.NANOSECONDS.toMicros(timeoutNanos)));
            }
            Devices.sleepNanos(TimeUnit.MICROSECONDS.toNanos(500), "the BME280");
        }
    }

    private static int checkAddress(int address) {
        if (address != ADDRESS_PRIMARY && address != ADDRESS_SECONDARY) {
            throw new IllegalArgumentException(String.format(
                    "BME280 address must be 0x76 (SDO to GND) or 0x77 (SDO to VDDIO), got 0x%02X", address));
        }
        return address;
    }

    private static String pi4jId(int bus, int address) {
        return String.format("bme280-%d-%02x", bus, address);
    }
}
