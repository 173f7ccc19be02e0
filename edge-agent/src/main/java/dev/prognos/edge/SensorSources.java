package dev.prognos.edge;

import com.pi4j.context.Context;
import dev.prognos.hardware.Burst;
import dev.prognos.hardware.adxl345.Adxl345;
import dev.prognos.hardware.adxl345.Adxl345Options;
import dev.prognos.hardware.bme280.Bme280;
import java.util.ArrayList;
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
     * Opens every configured sensor on {@code pi4j}. A sensor that cannot be opened (missing, wrong
     * chip) fails start-up with the sensor's key and the driver's message; the ones already opened
     * are closed.
     *
     * @throws InvalidOptionsException naming {@code sensors[i]} of the failed sensor
     */
    public static List<SensorSource> open(AgentOptions options, Context pi4j) {
        List<SensorSource> opened = new ArrayList<>();
        List<SensorOptions> sensors = options.sensors();
        for (int i = 0; i < sensors.size(); i++) {
            SensorOptions s = sensors.get(i);
            try {
                opened.add(open(s, pi4j));
            } catch (RuntimeException e) {
                opened.forEach(SensorSource::close);
                throw new InvalidOptionsException(options.file(), List.of(new InvalidOptionsException.Problem(
                        AgentOptions.SENSORS + "[" + i + "]", "cannot open the " + s.location() + ": " + e.getMessage())));
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

    private static SensorSource open(SensorOptions s, Context pi4j) {
        return switch (s.type()) {
            case BME280 -> {
                Bme280 bme = new Bme280(pi4j, s.bus(), s.address());
                yield new DriverSource(s, () -> bme.read().toReadings(), bme::close);
            }
            case ADXL345 -> {
                Adxl345 adxl = new Adxl345(pi4j, s.bus(), s.address(), new Adxl345Options(
                        Adxl345Options.Range.ofG((int) s.number("range-g")), s.burst().sampleRateHz(),
                        Adxl345Options.Axis.parse(s.text("axis"))));
                VibrationReducer reducer = VibrationReducers.forBurst(s.burst());
                int samples = s.burst().samples();
                yield new DriverSource(s, () -> {
                    Burst burst = adxl.burst(samples);
                    return reducer.reduce(burst.accelMs2());
                }, adxl::close);
            }
            default -> throw new UnsupportedOperationException("no " + s.type().configName
                    + " driver in this build of hardware/ yet; run with --synthetic");
        };
    }

    /** A scalar driver read on each tick. */
    private record DriverSource(SensorOptions sensor, java.util.function.Supplier<Map<String, Double>> reader,
                                Runnable closer) implements SensorSource {
        @Override
        public String name() {
            return sensor.name();
        }

        @Override
        public String description() {
            return sensor.location();
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
            closer.run();
        }
    }
}
