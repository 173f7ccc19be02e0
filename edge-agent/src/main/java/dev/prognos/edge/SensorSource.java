package dev.prognos.edge;

import java.util.Map;

/**
 * One sensor the agent samples at its own rate. An implementation reads its device (a
 * {@code hardware/} driver, a simulated machine, or {@link SyntheticSource}) and names every
 * reading with its unit, as core's telemetry requires ({@code ambient_temp_c}).
 */
public interface SensorSource extends AutoCloseable {

    /** For logs, e.g. {@code bme280 bus 1 address 0x76}. */
    String name();

    /** Readings per second (Hz). */
    double rateHz();

    /**
     * Takes one reading now.
     *
     * @throws RuntimeException when the sensor cannot be read; the agent logs it and tries again at
     *                          the next tick
     */
    Map<String, Double> read();

    @Override
    default void close() {
    }
}
