package dev.prognos.edge;

import com.pi4j.context.Context;
import dev.prognos.hardware.Sensor;
import dev.prognos.hardware.SensorSpec;
import dev.prognos.hardware.Sensors;
import dev.prognos.hardware.VibrationSensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the configured sensors into {@link SensorSource}s: with the {@code hardware/} drivers on a
 * Pi4J context ({@link #open}), or synthetic stand-ins ({@link #synthetic}). The context is made
 * once per process by the caller ({@code Pi4J.newAutoContext()} on a device) and passed in, so the
 * simulators can pass a context whose I2C, SPI and GPIO providers are simulated chips: the agent
 * cannot tell.
 */
public final class SensorSources {

    private SensorSources() {
    }

    /**
     * Opens every configured sensor on {@code pi4j} through hardware's {@link Sensors#open}. A sensor
     * that cannot be opened (missing, wrong chip, refused setting) fails start-up with its key
     * ({@code sensors[i]}) and the driver's message naming bus, address and the expected chip; the
     * ones already opened are closed.
     *
     * @throws InvalidOptionsException naming {@code sensors[i]} of the failed sensor
     */
    public static List<SensorSource> open(AgentOptions options, Context pi4j) {
        List<SensorSource> opened = new ArrayList<>();
        List<SensorOptions> sensors = options.sensors();
        for (int i = 0; i < sensors.size(); i++) {
            SensorOptions s = sensors.get(i);
            String key = AgentOptions.SENSORS + "[" + i + "]";
            try {
                opened.add(source(s, Sensors.open(pi4j, spec(key, s))));
            } catch (RuntimeException e) {
                opened.forEach(SensorSource::close);
                String message = e.getMessage() == null ? e.toString() : e.getMessage();
                // The driver's messages start with the entry's key already; say it once.
                message = message.startsWith(key) ? message.substring(key.length()).replaceFirst("^[.:]?\\s*", "") : message;
                throw new InvalidOptionsException(options.file(), List.of(new InvalidOptionsException.Problem(key,
                        "cannot open the " + s.location() + ": " + message)));
            }
        }
        return opened;
    }

    /** Synthetic stand-ins for every configured sensor, seeded from the device id (repeatable per device). */
    public static List<SensorSource> synthetic(AgentOptions options) {
        List<SensorSource> sources = new ArrayList<>();
        for (int i = 0; i < options.sensors().size(); i++) {
            SensorOptions s = options.sensors().get(i);
            sources.add(new SyntheticSource(s, 31L * i + options.deviceId().hashCode(),
                    s.burst() == null ? null : VibrationReducers.forBurst(s.burst())));
        }
        return sources;
    }

    /**
     * The hardware factory's entry for a validated sensor. The agent's file names wiring by role
     * (address, chip-select, pin, one-wire-id); the factory takes them as address and params.
     */
    static SensorSpec spec(String key, SensorOptions s) {
        Map<String, String> p = new LinkedHashMap<>();
        return switch (s.type()) {
            case BME280 -> new SensorSpec(key, Sensors.BME280, s.bus(), s.address(), null, p);
            case ADXL345 -> {
                p.put(Sensors.PARAM_RANGE_G, s.text("range-g"));
                p.put(Sensors.PARAM_AXIS, s.text("axis"));
                yield new SensorSpec(key, Sensors.ADXL345, s.bus(), s.address(), s.burst().sampleRateHz(), p);
            }
            case INA219 -> {
                p.put(Sensors.PARAM_SHUNT_OHMS, s.text("shunt-ohms"));
                p.put(Sensors.PARAM_MAX_CURRENT_A, s.text("max-current-a"));
                yield new SensorSpec(key, Sensors.INA219, s.bus(), s.address(), null, p);
            }
            case MCP3008 -> {
                // Always a 4-20 mA loop here: the reading is at-4ma..at-20ma, by default the loop current in mA.
                p.put(Sensors.PARAM_CHANNEL, Integer.toString(s.channel()));
                p.put(Sensors.PARAM_VREF_V, s.text("vref-v"));
                p.put(Sensors.PARAM_SHUNT_OHMS, s.text("shunt-ohms"));
                p.put(Sensors.PARAM_RANGE_LOW, s.text("at-4ma"));
                p.put(Sensors.PARAM_RANGE_HIGH, s.text("at-20ma"));
                p.put(Sensors.PARAM_READING, s.text("reading"));
                yield new SensorSpec(key, Sensors.MCP3008, s.bus(), s.chipSelect(), null, p);
            }
            case DS18B20 -> {
                p.put(Sensors.PARAM_ID, s.oneWireId());
                p.put(Sensors.PARAM_DEVICES_DIR, s.text(SensorOptions.DS18B20_DEVICES_DIR));
                p.put(Sensors.PARAM_READING, s.text("reading"));
                yield new SensorSpec(key, Sensors.DS18B20, null, null, null, p);
            }
            case TACHOMETER -> {
                p.put(Sensors.PARAM_PULSES_PER_REV, s.text("pulses-per-rev"));
                p.put(Sensors.PARAM_READING, s.text("reading"));
                yield new SensorSpec(key, Sensors.TACHOMETER, null, s.pin(), null, p);
            }
            case SWITCH -> {
                p.put(Sensors.PARAM_PULL, s.text("pull"));
                p.put(Sensors.PARAM_ACTIVE_LOW, Boolean.toString(s.text("active").equals("low")));
                p.put(Sensors.PARAM_READING, s.text("reading"));
                yield new SensorSpec(key, Sensors.SWITCH, null, s.pin(), null, p);
            }
        };
    }

    /** A scalar driver is read on each tick; a vibration driver takes a burst that core reduces. */
    private static SensorSource source(SensorOptions s, Sensor driver) {
        if (s.burst() != null) {
            VibrationSensor vibration = (VibrationSensor) driver;
            VibrationReducer reducer = VibrationReducers.forBurst(s.burst());
            int samples = s.burst().samples();
            return new DriverSource(s, driver, () -> reducer.reduce(vibration.burst(samples).accelMs2()));
        }
        return new DriverSource(s, driver, driver::readings);
    }

    private record DriverSource(SensorOptions sensor, Sensor driver,
                                java.util.function.Supplier<Map<String, Double>> reader) implements SensorSource {
        @Override
        public String name() {
            return sensor.name();
        }

        @Override
        public String description() {
            return driver.describe();
        }

        @Override
        public double rateHz() {
            return sensor.rateHz();
        }

        @Override
        public Map<String, Double> read() {
            return reader.get();
        }

        @Override
        public void close() {
            driver.close();
        }
    }
}
