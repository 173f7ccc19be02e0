package dev.prognos.hardware.adxl345;

import static dev.prognos.hardware.adxl345.internal.Adxl345Registers.*;

import com.pi4j.context.Context;
import dev.prognos.hardware.Burst;
import dev.prognos.hardware.RegisterDevice;
import dev.prognos.hardware.Sensor;
import dev.prognos.hardware.SensorException;
import dev.prognos.hardware.VibrationSensor;
import dev.prognos.hardware.internal.Devices;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Analog Devices ADXL345 3-axis accelerometer on I2C (datasheet Rev. G), for vibration.
 *
 * <p>Construction checks DEVID, configures range (always full resolution, 3.9 mg/LSB), output data
 * rate and the 32-sample FIFO in stream mode, and starts measuring. {@link #burst(int)} collects
 * consecutive samples of one axis through the FIFO, so the spacing of samples is set by the chip's
 * clock, not by how promptly the bus is read; the reader only has to keep the FIFO from filling
 * (32 samples: 10 ms at 3200 Hz, 20 ms at 1600 Hz).
 *
 * <p>The reader looks at the FIFO when a quarter of it has filled ({@value #POLL_BATCH} samples:
 * 5 ms at 1600 Hz, 2.5 ms at 3200 Hz), leaving three quarters (15 ms at 1600 Hz, 7.5 ms at 3200 Hz)
 * for the host to oversleep. A FIFO that overflowed lost samples, which would break the even
 * spacing an FFT relies on; the driver detects it two ways: a FIFO found full, and popping that took
 * longer than the FIFO's free space lasts (the FIFO refills while it is read, so its status alone
 * cannot show samples overwritten then). Either way the burst starts over, the overflow is logged
 * as a warning and counted ({@link #fifoOverflows()}), and after 4 attempts the burst fails: an
 * overflow is never silent.
 *
 * <p>Bus speed bounds the rate: by bit count one sample's 6-byte read takes about 0.2 ms at
 * 400 kHz and 0.85 ms at 100 kHz, so 3200 Hz (0.31 ms per sample) needs a 400 kHz bus
 * ({@code dtparam=i2c_arm_baudrate=400000}) and the default 100 kHz keeps up with 800 Hz.
 * Not thread-safe: one reader per sensor.
 */
public final class Adxl345 implements Sensor, VibrationSensor {

    /** Address with ALT ADDRESS (SDO) tied to GND. */
    public static final int ADDRESS_PRIMARY = 0x53;
    /** Address with ALT ADDRESS (SDO) tied to VDDIO. */
    public static final int ADDRESS_ALTERNATE = 0x1D;

    /** Telemetry names of {@link #readings()}. */
    public static final String ACCEL_X = "accel_x_m_s2";
    public static final String ACCEL_Y = "accel_y_m_s2";
    public static final String ACCEL_Z = "accel_z_m_s2";

    /** Acceleration of one LSB at full resolution, in m/s². */
    public static final double MS2_PER_LSB = FULL_RES_G_PER_LSB * STANDARD_GRAVITY_MS2;

    private static final Logger LOG = LoggerFactory.getLogger(Adxl345.class);
    /** Half the FIFO: the watermark written to FIFO_CTL (the level of the WATERMARK interrupt, unused here). */
    private static final int WATERMARK = FIFO_DEPTH / 2;
    /** A quarter of the FIFO: how many samples the reader lets accumulate before it looks again. */
    static final int POLL_BATCH = FIFO_DEPTH / 4;
    /**
     * How much faster than nominal the chip's clock is assumed to run at most when judging whether
     * popping outlasted the FIFO's free space (the datasheet gives no ODR tolerance: 10 % is a guess
     * on the safe side, it only makes the check stricter).
     */
    private static final double ODR_TOLERANCE = 1.10;
    /** How often a burst starts over after the FIFO overflowed (a long GC pause, a busy bus) before it fails. */
    private static final int MAX_RESTARTS = 3;
    /** Slack beyond the burst's own duration before a burst that gets no samples fails: turn-on is 1.1 ms + 1/ODR. */
    private static final long BURST_SLACK_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private final RegisterDevice device;
    private final Adxl345Options options;
    private final Adxl345Options.DataRate rate;
    private final LongSupplier nanos;
    private long fifoOverflows;

    /**
     * Opens the sensor on a Pi4J I2C bus.
     *
     * @param address {@link #ADDRESS_PRIMARY} (0x53) or {@link #ADDRESS_ALTERNATE} (0x1D)
     * @throws SensorException if another chip (or none) answers, or the bus fails
     */
    public Adxl345(Context pi4j, int bus, int address, Adxl345Options options) {
        this(RegisterDevice.i2c(Objects.requireNonNull(pi4j, "pi4j"),
                String.format("adxl345-%d-%02x", bus, checkAddress(address)), bus, address), options);
    }

    /**
     * Drives an ADXL345 behind any register seam. Takes ownership of {@code device}: it is closed
     * with this sensor, or at once if initialisation fails.
     */
    public Adxl345(RegisterDevice device, Adxl345Options options) {
        this(device, options, System::nanoTime);
    }

    /**
     * As {@link #Adxl345(RegisterDevice, Adxl345Options)}, timing the reads with {@code nanos} (ns) rather
     * than {@link System#nanoTime()}: for tests and simulations whose chip runs on the same virtual clock.
     */
    public Adxl345(RegisterDevice device, Adxl345Options options, LongSupplier nanos) {
        this.nanos = Objects.requireNonNull(nanos, "nanos");
        this.device = Objects.requireNonNull(device, "device");
        this.options = Objects.requireNonNull(options, "options");
        this.rate = options.outputDataRate();
        try {
            checkDeviceId();
            configure();
        } catch (RuntimeException e) {
            throw Devices.closeAfter(e, device);
        }
        LOG.info("ADXL345 on {} ready: ±{} g full resolution, {} Hz, bursts on {}", device.location(),
                options.range().fullScaleG, rate.hz(), options.axis());
    }

    /**
     * Collects {@code samples} consecutive samples of the configured axis in m/s². Empties the FIFO
     * first, so the burst starts now; starts over (up to 3 times) if the FIFO overflowed while it
     * was being read, because a lost sample would break the even spacing an FFT relies on.
     *
     * @throws SensorException if the FIFO keeps overflowing or no samples arrive
     */
    @Override
    public Burst burst(int samples) {
        if (samples < 1) {
            throw new IllegalArgumentException("a burst needs at least 1 sample, got " + samples);
        }
        double[] accel = new double[samples];
        long periodNanos = Math.round(1e9 / rate.hz());
        int axisOffset = 2 * options.axis().ordinal();
        byte[] sample = new byte[DATA_LENGTH];
        for (int attempt = 0; attempt <= MAX_RESTARTS; attempt++) {
            restartFifo();
            long deadline = nanos.getAsLong() + samples * periodNanos * 2 + BURST_SLACK_NANOS;
            int n = 0;
            String overflow = null;
            while (n < samples) {
                long looked = nanos.getAsLong();
                int entries = device.read(FIFO_STATUS) & FIFO_STATUS_ENTRIES;
                if (entries >= FIFO_DEPTH) {
                    overflow = "the FIFO was full (" + entries + " entries)";
                    break;
                }
                if (entries == 0) {
                    if (nanos.getAsLong() - deadline > 0) {
                        throw new SensorException(String.format(
                                "ADXL345 on %s: FIFO delivered %d of %d samples at %s Hz before the deadline",
                                device.location(), n, samples, rate.hz()));
                    }
                    Devices.sleepNanos(periodNanos * Math.min(POLL_BATCH, samples - n), "the ADXL345");
                    continue;
                }
                int take = Math.min(entries, samples - n);
                for (int i = take; i > 0; i--) {
                    // One 6-byte read pops one FIFO entry (x, y and z of the same instant).
                    device.read(DATAX0, sample);
                    accel[n++] = (short) ((sample[axisOffset] & 0xFF) | (sample[axisOffset + 1] << 8)) * MS2_PER_LSB;
                }
                // Samples that arrived while popping took the free space; more than it holds overwrote unread ones.
                long popped = nanos.getAsLong() - looked;
                double arrivedAtMost = popped * ODR_TOLERANCE / periodNanos + 1;
                if (arrivedAtMost > FIFO_DEPTH - entries) {
                    overflow = String.format(Locale.ROOT, "popping %d samples took %.1f ms, longer than the FIFO's"
                            + " free space of %d samples lasts", take, popped / 1e6, FIFO_DEPTH - entries);
                    break;
                }
            }
            if (overflow == null) {
                return new Burst(accel, rate.hz());
            }
            fifoOverflows++;
            LOG.warn("ADXL345 on {}: FIFO overflow at {} Hz after {} of {} samples ({}): samples were lost, {}",
                    device.location(), rate.hz(), n, samples, overflow,
                    attempt < MAX_RESTARTS ? "starting the burst over (attempt " + (attempt + 2) + " of " + (MAX_RESTARTS + 1) + ")"
                            : "giving the burst up");
        }
        throw new SensorException(String.format("ADXL345 on %s: FIFO overflowed in %d attempts at %s Hz: the bus"
                        + " is read too slowly (at 3200 Hz use a 400 kHz I2C clock, or lower the rate)",
                device.location(), MAX_RESTARTS + 1, rate.hz()));
    }

    /**
     * How many times a burst found the FIFO overflowed (or possibly so) and started over since the
     * sensor was opened; each is also logged as a warning. Bursts returned never contain a gap.
     */
    public long fifoOverflows() {
        return fifoOverflows;
    }

    @Override
    public double sampleRateHz() {
        return rate.hz();
    }

    /** The newest sample of all three axes, in m/s² (the FIFO is drained to reach it). */
    @Override
    public Map<String, Double> readings() {
        byte[] sample = new byte[DATA_LENGTH];
        int entries = device.read(FIFO_STATUS) & FIFO_STATUS_ENTRIES;
        // With the FIFO empty the data registers hold the newest sample; otherwise the last entry is.
        for (int i = Math.max(1, entries); i > 0; i--) {
            device.read(DATAX0, sample);
        }
        Map<String, Double> readings = new LinkedHashMap<>();
        readings.put(ACCEL_X, axis(sample, 0) * MS2_PER_LSB);
        readings.put(ACCEL_Y, axis(sample, 1) * MS2_PER_LSB);
        readings.put(ACCEL_Z, axis(sample, 2) * MS2_PER_LSB);
        return readings;
    }

    @Override
    public String describe() {
        return "ADXL345 on " + device.location();
    }

    public Adxl345Options options() {
        return options;
    }

    /** Puts the chip in standby (0.1 µA) and releases the bus. */
    @Override
    public void close() {
        Devices.sleepThenClose(device, "ADXL345", () -> device.write(POWER_CTL, 0));
    }

    /** Signed 16-bit value of axis 0..2 in a 6-byte DATAX0..DATAZ1 block. */
    static int axis(byte[] sample, int axis) {
        return (short) ((sample[2 * axis] & 0xFF) | (sample[2 * axis + 1] << 8));
    }

    private void checkDeviceId() {
        int found = device.read(DEVID);
        if (found != DEVID_ADXL345) {
            String hint = found == 0x00 || found == 0xFF ? " (nothing answering properly: check wiring, address"
                    + " and that CS is tied high for I2C)" : "";
            throw new SensorException(String.format("ADXL345 on %s: DEVID register 0x00 reads 0x%02X, expected 0x%02X%s",
                    device.location(), found, DEVID_ADXL345, hint));
        }
    }

    private void configure() {
        // Configure in standby (datasheet: "place the part in standby mode while changing settings").
        device.write(POWER_CTL, 0);
        device.write(INT_ENABLE, 0);
        // LOW_POWER off: low-power mode is noisier and stops at 400 Hz.
        device.write(BW_RATE, rate.code);
        device.write(DATA_FORMAT, DATA_FORMAT_FULL_RES | options.range().bits);
        restartFifo();
        device.write(POWER_CTL, POWER_CTL_MEASURE);
    }

    /** Bypass mode empties the FIFO; stream mode then keeps the newest 32 samples. */
    private void restartFifo() {
        device.write(FIFO_CTL, FIFO_MODE_BYPASS);
        device.write(FIFO_CTL, FIFO_MODE_STREAM | WATERMARK);
    }

    private static int checkAddress(int address) {
        if (address != ADDRESS_PRIMARY && address != ADDRESS_ALTERNATE) {
            throw new IllegalArgumentException(String.format(
                    "ADXL345 address must be 0x53 (SDO to GND) or 0x1D (SDO to VDDIO), got 0x%02X", address));
        }
        return address;
    }
}
