package dev.prognos.hardware;

import java.util.Map;
import java.util.Objects;

/**
 * One sensor of an agent's configuration, as {@link Sensors#open} takes it.
 *
 * @param key     where the entry sits in the configuration, e.g. {@code sensors[2]}; every error
 *                about the entry starts with it ({@code sensors[2].params.shunt-ohms: ...})
 * @param type    one of {@link Sensors#TYPES}: bme280, adxl345, ina219, mcp3008, ds18b20, tachometer, switch
 * @param bus     I2C bus (default 1) or SPI bus (default 0); {@code null} for the default; unused by
 *                ds18b20, tachometer and switch
 * @param address I2C address (defaults: bme280 0x76, adxl345 0x53, ina219 0x40), SPI chip select
 *                (mcp3008, default 0) or BCM GPIO number (tachometer and switch: required);
 *                unused by ds18b20 (see {@link Sensors#PARAM_ID})
 * @param rateHz  sampling rate in Hz: the output data rate for adxl345 (default 3200); for the
 *                other types the agent's polling rate, which the driver does not use; may be {@code null}
 * @param params  type-specific settings, see the {@code PARAM_*} constants of {@link Sensors};
 *                an unknown name is an error (a misspelt setting must not be silently ignored)
 */
public record SensorSpec(String key, String type, Integer bus, Integer address, Double rateHz, Map<String, String> params) {

    public SensorSpec {
        Objects.requireNonNull(key, "key");
        params = params == null ? Map.of() : Map.copyOf(params);
    }

    /** A spec without rate or params. */
    public static SensorSpec of(String key, String type, Integer bus, Integer address) {
        return new SensorSpec(key, type, bus, address, null, Map.of());
    }
}
