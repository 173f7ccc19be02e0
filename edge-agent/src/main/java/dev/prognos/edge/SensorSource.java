package dev.prognos.edge;

import java.util.Map;

/**
 * One sensor the agent samples at its own rate. An implementation reads its device (a
 * {@code hardware/} driver, a simulated chip behind the same Pi4J interfaces, or
 * {@link SyntheticSource}) and names every reading with its unit, as core's telemetry requires
 * ({@code ambient_temp_c}). A vibration source takes a whole burst in {@link #read()} and returns
 * its features; the agent gives every source its own thread, so a burst never delays another
 * sensor.
 */
public interface SensorSource extends AutoCloseable {

    /** The configured name ({@link SensorOptions#name()}), e.g. {@code bme280-0}: remote configuration uses it. */
    String name();

    /** What and where, for logs, e.g. {@code bme280 on I2C bus 1 at 0x76}. */
    default String description() {
        return name();
    }

    /** Readings per second (Hz) configured in the file; the agent may run it at another rate (remote configuration). */
    double rateHz();

    /**
     * Takes one reading (or one burst, reduced) now.
     *
     * @throws RuntimeException when the sensor cannot be read; the agent logs it and tries again at
     *                          the next tick
     */
    Map<String, Double> read();

    @Override
    default void close() {
    }
}
