package dev.prognos.hardware.internal;

import dev.prognos.hardware.RegisterDevice;
import dev.prognos.hardware.SensorException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What every driver does the same way: waiting for a chip, and letting go of a bus after a failed start. */
public final class Devices {

    private static final Logger LOG = LoggerFactory.getLogger(Devices.class);

    private Devices() {
    }

    /**
     * Puts the chip to sleep with {@code sleep}, then releases the bus even if that failed (a chip
     * that is gone cannot be put to sleep, but the handle must still go).
     *
     * @param chip the chip's name, for the warning
     */
    public static void sleepThenClose(RegisterDevice device, String chip, Runnable sleep) {
        try {
            sleep.run();
        } catch (SensorException e) {
            LOG.warn("{} on {}: could not put the chip to sleep before closing: {}", chip, device.location(),
                    e.getMessage());
        } finally {
            device.close();
        }
    }

    /**
     * Sleeps; an interrupt is kept on the thread and ends the wait as a {@link SensorException}.
     *
     * @param what the chip waited for, for the message (e.g. "the ADXL345")
     */
    public static void sleepNanos(long nanos, String what) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SensorException("interrupted while waiting for " + what, e);
        }
    }

    /** Closes {@code device} after {@code failure} stopped a driver's start, keeping both problems; returns {@code failure}. */
    public static RuntimeException closeAfter(RuntimeException failure, AutoCloseable device) {
        try {
            device.close();
        } catch (Exception closing) {
            failure.addSuppressed(closing);
        }
        return failure;
    }
}
