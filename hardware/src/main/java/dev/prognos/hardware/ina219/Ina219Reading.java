package dev.prognos.hardware.ina219;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One INA219 measurement.
 *
 * @param busVoltageV   voltage at IN− against ground (the load's supply), in V, 4 mV resolution
 * @param shuntVoltageV drop across the shunt, in V, 10 µV resolution; negative when current flows back
 * @param currentA      current through the shunt, in A, at the calibrated resolution
 * @param powerW        power delivered to the load, in W (20 × the current resolution)
 */
public record Ina219Reading(double busVoltageV, double shuntVoltageV, double currentA, double powerW) {

    /** Telemetry names after a prefix naming what is measured (the agent's default is {@code motor_}). */
    public static final String CURRENT = "current_a";
    public static final String VOLTAGE = "voltage_v";
    public static final String POWER = "power_w";

    /** Current, bus voltage and power under {@code prefix + "current_a"} etc. */
    public Map<String, Double> toReadings(String prefix) {
        Map<String, Double> readings = new LinkedHashMap<>();
        readings.put(prefix + CURRENT, currentA);
        readings.put(prefix + VOLTAGE, busVoltageV);
        readings.put(prefix + POWER, powerW);
        return readings;
    }
}
