package dev.prognos.hardware.bme280;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One compensated BME280 measurement. A quantity configured as SKIP is {@link Double#NaN}.
 *
 * @param temperatureC    air temperature in °C, resolution 0.01 °C
 * @param pressurePa      air pressure in Pa, resolution 1/256 Pa
 * @param humidityPercent relative humidity in %RH, resolution 1/1024 %RH, 0..100
 */
public record Bme280Reading(double temperatureC, double pressurePa, double humidityPercent) {

    /** Telemetry reading names (core's convention: lower snake case ending in the unit). */
    public static final String TEMPERATURE = "ambient_temp_c";
    public static final String PRESSURE = "ambient_pressure_pa";
    public static final String HUMIDITY = "ambient_humidity_pct";

    /** The measured quantities under their telemetry names; skipped ones are left out. */
    public Map<String, Double> toReadings() {
        Map<String, Double> readings = new LinkedHashMap<>();
        readings.put(TEMPERATURE, temperatureC);
        if (!Double.isNaN(pressurePa)) {
            readings.put(PRESSURE, pressurePa);
        }
        if (!Double.isNaN(humidityPercent)) {
            readings.put(HUMIDITY, humidityPercent);
        }
        return readings;
    }
}
