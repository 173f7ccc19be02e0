package dev.prognos.hardware;

import java.util.Map;

/**
 * A driver the agent can poll at its own rate, whatever the chip: one call, one set of readings
 * named with their unit after core's convention (lower snake case ending in the unit, e.g.
 * {@code bearing_temp_c}, {@code motor_current_a}). {@link Sensors#open} returns these.
 *
 * <p>Implementations are not required to be thread-safe: one reader per sensor.
 */
public interface Sensor extends AutoCloseable {

    /**
     * Takes one reading now.
     *
     * @throws SensorException if the chip cannot be read or reports a value that is not a measurement
     */
    Map<String, Double> readings();

    /** What and where, for logs and messages: e.g. {@code "ADXL345 on I2C bus 1 at 0x53"}. */
    String describe();

    /** Puts the chip to sleep where it has a sleep mode and releases the bus or pin. */
    @Override
    void close();
}
