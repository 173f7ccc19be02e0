package dev.prognos.hardware;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.PullResistance;
import dev.prognos.hardware.adxl345.Adxl345;
import dev.prognos.hardware.adxl345.Adxl345Options;
import dev.prognos.hardware.bme280.Bme280;
import dev.prognos.hardware.ds18b20.Ds18b20;
import dev.prognos.hardware.ina219.Ina219;
import dev.prognos.hardware.ina219.Ina219Options;
import dev.prognos.hardware.internal.SpecParams;
import dev.prognos.hardware.mcp3008.CurrentLoop;
import dev.prognos.hardware.mcp3008.Mcp3008;
import dev.prognos.hardware.mcp3008.Mcp3008Input;
import dev.prognos.hardware.switchinput.SwitchInput;
import dev.prognos.hardware.switchinput.SwitchOptions;
import dev.prognos.hardware.tachometer.Tachometer;
import dev.prognos.hardware.tachometer.TachometerOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Opens a driver from a configuration entry, through the Pi4J context (a Raspberry Pi's board
 * providers, Pi4J's mock platform, or the simulators' providers): the agent's one way in.
 *
 * <pre>{@code
 * Sensor s = Sensors.open(pi4j, new SensorSpec("sensors[1]", "ina219", 1, 0x40, 1.0,
 *         Map.of("shunt-ohms", "0.1", "max-current-a", "2")));
 * if (s instanceof VibrationSensor v) { Burst b = v.burst(3200); }
 * }</pre>
 *
 * <p>Configuration errors are {@link IllegalArgumentException}s whose message starts with the
 * offending key ({@code sensors[1].params.shunt-ohms: must be a number, got 'x'}); a device that
 * is missing or wrong is a {@link SensorException} starting with the entry's key and naming the
 * bus, address and what was expected.
 */
public final class Sensors {

    public static final String BME280 = "bme280";
    public static final String ADXL345 = "adxl345";
    public static final String INA219 = "ina219";
    public static final String MCP3008 = "mcp3008";
    public static final String DS18B20 = "ds18b20";
    public static final String TACHOMETER = "tachometer";
    public static final String SWITCH = "switch";
    /** Every type {@link #open} knows. */
    public static final List<String> TYPES = List.of(BME280, ADXL345, INA219, MCP3008, DS18B20, TACHOMETER, SWITCH);

    /** Default I2C bus: bus 1 on the Pi's header (GPIO2/GPIO3). */
    public static final int DEFAULT_I2C_BUS = 1;
    /** Default SPI bus: SPI0 on the Pi's header. */
    public static final int DEFAULT_SPI_BUS = 0;

    /** adxl345: measurement range in ±g, 2, 4, 8 or 16 (default 16). */
    public static final String PARAM_RANGE_G = "range-g";
    /** adxl345: the axis bursts sample, x, y or z (default z). */
    public static final String PARAM_AXIS = "axis";
    /** ina219: shunt resistor in Ω (default 0.1). mcp3008: the 4–20 mA shunt in Ω; when set, the channel is a current loop. */
    public static final String PARAM_SHUNT_OHMS = "shunt-ohms";
    /** ina219: largest current expected, in A (default 3.2); sets the resolution. */
    public static final String PARAM_MAX_CURRENT_A = "max-current-a";
    /** ina219: bus voltage range, 16 or 32 V (default 32). */
    public static final String PARAM_BUS_RANGE_V = "bus-range-v";
    /**
     * Telemetry name, with its unit. ina219: a prefix (default {@code motor_}: motor_current_a,
     * motor_voltage_v, motor_power_w); mcp3008 (default {@code adc_ch<N>_v}, or {@code adc_ch<N>}
     * for a loop), ds18b20 (default {@code temp_c}), tachometer (default {@code shaft_speed_rpm}),
     * switch (default {@code switch_active}). bme280 and adxl345 use fixed names.
     */
    public static final String PARAM_READING = "reading";
    /** mcp3008: channel 0..7 (default 0). */
    public static final String PARAM_CHANNEL = "channel";
    /** mcp3008: voltage on VREF in V (default 3.3). */
    public static final String PARAM_VREF_V = "vref-v";
    /** mcp3008 current loop: engineering value at 4 mA (default 0). */
    public static final String PARAM_RANGE_LOW = "range-low";
    /** mcp3008 current loop: engineering value at 20 mA (required with shunt-ohms). */
    public static final String PARAM_RANGE_HIGH = "range-high";
    /** ds18b20: where the kernel lists 1-Wire devices (default /sys/bus/w1/devices). */
    public static final String PARAM_DEVICES_DIR = "devices-dir";
    /** ds18b20: the sensor's id, {@code 28-xxxxxxxxxxxx} (default: the only one present). */
    public static final String PARAM_ID = "id";
    /** tachometer: pulses per revolution (default 1). */
    public static final String PARAM_PULSES_PER_REV = "pulses-per-rev";
    /** tachometer: averaging window in ms (default 1000). */
    public static final String PARAM_WINDOW_MS = "window-ms";
    /** tachometer: edge counted, rising or falling (default rising). */
    public static final String PARAM_EDGE = "edge";
    /** tachometer and switch: the pin's pull resistor, up, down or off (default up). */
    public static final String PARAM_PULL = "pull";
    /** switch: actuated when the pin is low (default true: a switch to GND with the pull-up). */
    public static final String PARAM_ACTIVE_LOW = "active-low";
    /** switch: debounce in ms (default 20). */
    public static final String PARAM_DEBOUNCE_MS = "debounce-ms";

    private Sensors() {
    }

    /**
     * Opens the sensor {@code spec} describes.
     *
     * @throws IllegalArgumentException naming the key, if the entry is invalid
     * @throws SensorException          naming the key, bus and address, if the device is missing or wrong
     */
    public static Sensor open(Context pi4j, SensorSpec spec) {
        Objects.requireNonNull(pi4j, "pi4j");
        Objects.requireNonNull(spec, "spec");
        if (spec.type() == null || !TYPES.contains(spec.type())) {
            throw new IllegalArgumentException(spec.key() + ".type: must be one of " + String.join(", ", TYPES)
                    + ", got " + (spec.type() == null ? "nothing" : "'" + spec.type() + "'"));
        }
        SpecParams params = new SpecParams(spec.key(), spec.params());
        try {
            return switch (spec.type()) {
                case BME280 -> bme280(pi4j, spec, params);
                case ADXL345 -> adxl345(pi4j, spec, params);
                case INA219 -> ina219(pi4j, spec, params);
                case MCP3008 -> mcp3008(pi4j, spec, params);
                case DS18B20 -> ds18b20(spec, params);
                case TACHOMETER -> tachometer(pi4j, spec, params);
                case SWITCH -> switchInput(pi4j, spec, params);
                default -> throw new AssertionError(spec.type());
            };
        } catch (SensorException e) {
            throw new SensorException(spec.key() + " (" + spec.type() + "): " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(spec.key())) {
                throw e;
            }
            // The drivers' own checks of where a device sits are about the entry's address.
            String field = e.getMessage() != null && (e.getMessage().contains("address must be")
                    || e.getMessage().contains("GPIO pin must be")) ? ".address" : "";
            throw new IllegalArgumentException(spec.key() + field + " (" + spec.type() + "): " + e.getMessage(), e);
        }
    }

    private static Sensor bme280(Context pi4j, SensorSpec spec, SpecParams params) {
        params.refuseUnknown(BME280);
        return new Bme280(pi4j, i2cBus(spec), address(spec, Bme280.ADDRESS_PRIMARY));
    }

    private static Sensor adxl345(Context pi4j, SensorSpec spec, SpecParams params) {
        Adxl345Options.Range range = Adxl345Options.Range.ofG((int) params.integer(PARAM_RANGE_G, 16, 2, 16));
        Adxl345Options.Axis axis = Adxl345Options.Axis.parse(params.choice(PARAM_AXIS, "z", "x", "y", "z"));
        double rate = spec.rateHz() == null ? 3200 : spec.rateHz();
        if (!(rate >= 0.1 && rate <= 3200)) {
            throw new IllegalArgumentException(spec.key() + ".rate: the ADXL345 samples at 0.1..3200 Hz, got " + rate);
        }
        params.refuseUnknown(ADXL345);
        return new Adxl345(pi4j, i2cBus(spec), address(spec, Adxl345.ADDRESS_PRIMARY),
                new Adxl345Options(range, rate, axis));
    }

    private static Sensor ina219(Context pi4j, SensorSpec spec, SpecParams params) {
        double shunt = params.number(PARAM_SHUNT_OHMS, 0.1, 1e-6, 1000);
        double maxAmps = params.number(PARAM_MAX_CURRENT_A, 3.2, 1e-6, 1e6);
        int busRange = Integer.parseInt(params.choice(PARAM_BUS_RANGE_V, "32", "16", "32"));
        String prefix = params.string(PARAM_READING, "motor_");
        params.refuseUnknown(INA219);
        Ina219Options options;
        try {
            options = new Ina219Options(shunt, maxAmps, busRange);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(params.keyOf(PARAM_MAX_CURRENT_A) + ": " + e.getMessage(), e);
        }
        return new Ina219(pi4j, i2cBus(spec), address(spec, Ina219.ADDRESS_MIN), options, prefix);
    }

    private static Sensor mcp3008(Context pi4j, SensorSpec spec, SpecParams params) {
        int channel = (int) params.integer(PARAM_CHANNEL, 0, 0, 7);
        double vref = params.number(PARAM_VREF_V, 3.3, 0.1, 5.5);
        String shunt = params.string(PARAM_SHUNT_OHMS, null);
        Mcp3008Input input;
        if (shunt == null) {
            input = Mcp3008Input.volts(channel, params.string(PARAM_READING, "adc_ch" + channel + "_v"));
        } else {
            double ohms = params.number(PARAM_SHUNT_OHMS, 0, 1, 10_000);
            double low = params.number(PARAM_RANGE_LOW, 0, -1e12, 1e12);
            if (params.string(PARAM_RANGE_HIGH, null) == null) {
                throw new IllegalArgumentException(params.keyOf(PARAM_RANGE_HIGH)
                        + ": required with shunt-ohms (the engineering value at 20 mA)");
            }
            double high = params.number(PARAM_RANGE_HIGH, 0, -1e12, 1e12);
            if (low == high) {
                throw new IllegalArgumentException(params.keyOf(PARAM_RANGE_HIGH) + ": must differ from range-low");
            }
            input = new Mcp3008Input(channel, params.string(PARAM_READING, "adc_ch" + channel), new CurrentLoop(ohms, low, high));
        }
        params.refuseUnknown(MCP3008);
        int bus = spec.bus() == null ? DEFAULT_SPI_BUS : spec.bus();
        int chipSelect = spec.address() == null ? 0 : spec.address();
        if (chipSelect < 0 || chipSelect > 2) {
            throw new IllegalArgumentException(spec.key() + ".address: the MCP3008's chip select must be 0..2, got "
                    + chipSelect);
        }
        return new Mcp3008(pi4j, bus, chipSelect, vref, List.of(input));
    }

    private static Sensor ds18b20(SensorSpec spec, SpecParams params) {
        Path dir = Path.of(params.string(PARAM_DEVICES_DIR, Ds18b20.SYSFS_DEVICES.toString()));
        String id = params.string(PARAM_ID, null);
        if (id != null && !id.startsWith(Ds18b20.FAMILY_PREFIX)) {
            throw new IllegalArgumentException(params.keyOf(PARAM_ID) + ": a DS18B20 id starts with 28-, got '" + id + "'");
        }
        String reading = params.string(PARAM_READING, "temp_c");
        params.refuseUnknown(DS18B20);
        return new Ds18b20(dir, id, reading);
    }

    private static Sensor tachometer(Context pi4j, SensorSpec spec, SpecParams params) {
        TachometerOptions options = new TachometerOptions(
                (int) params.integer(PARAM_PULSES_PER_REV, 1, 1, 10_000),
                params.integer(PARAM_WINDOW_MS, 1000, 10, 60_000),
                params.choice(PARAM_EDGE, "rising", "rising", "falling").equals("rising"),
                pull(params),
                params.string(PARAM_READING, "shaft_speed_rpm"));
        params.refuseUnknown(TACHOMETER);
        return new Tachometer(pi4j, pin(spec), options);
    }

    private static Sensor switchInput(Context pi4j, SensorSpec spec, SpecParams params) {
        SwitchOptions options = new SwitchOptions(
                params.bool(PARAM_ACTIVE_LOW, true),
                pull(params),
                params.integer(PARAM_DEBOUNCE_MS, 20, 0, 10_000),
                params.string(PARAM_READING, "switch_active"));
        params.refuseUnknown(SWITCH);
        return new SwitchInput(pi4j, pin(spec), options);
    }

    private static PullResistance pull(SpecParams params) {
        return switch (params.choice(PARAM_PULL, "up", "up", "down", "off")) {
            case "down" -> PullResistance.PULL_DOWN;
            case "off" -> PullResistance.OFF;
            default -> PullResistance.PULL_UP;
        };
    }

    private static int i2cBus(SensorSpec spec) {
        int bus = spec.bus() == null ? DEFAULT_I2C_BUS : spec.bus();
        if (bus < 0) {
            throw new IllegalArgumentException(spec.key() + ".bus: must be >= 0, got " + bus);
        }
        return bus;
    }

    private static int address(SensorSpec spec, int fallback) {
        return spec.address() == null ? fallback : spec.address();
    }

    private static int pin(SensorSpec spec) {
        if (spec.address() == null) {
            throw new IllegalArgumentException(spec.key() + ".address: required: the BCM GPIO number of the input");
        }
        return spec.address();
    }
}
