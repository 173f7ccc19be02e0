package dev.prognos.edge;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A stand-in for a configured sensor on a machine without it: the same reading names, units and
 * rate as the real driver, with plausible values (a slow swing plus noise). It lets the agent, its
 * outbox and its MQTT side run anywhere; the simulated chips and physics-based machines of
 * {@code simulators/} are the realistic source.
 */
public final class SyntheticSource implements SensorSource {

    private final SensorOptions sensor;
    private final SplittableRandom random;
    private final long startNanos = System.nanoTime();
    private final VibrationReducer vibration;

    /**
     * @param vibration reduces a burst to features; used only for a vibration sensor (may be null otherwise)
     */
    public SyntheticSource(SensorOptions sensor, long seed, VibrationReducer vibration) {
        this.sensor = sensor;
        this.random = new SplittableRandom(seed);
        this.vibration = vibration;
        if (sensor.type().kind == SensorOptions.Kind.VIBRATION && vibration == null) {
            throw new IllegalArgumentException(sensor.name() + " is a vibration sensor: a reducer is needed");
        }
    }

    /** A scalar sensor's stand-in. */
    public SyntheticSource(SensorOptions sensor, long seed) {
        this(sensor, seed, null);
    }

    @Override
    public String name() {
        return sensor.name();
    }

    @Override
    public String description() {
        return "synthetic " + sensor.location();
    }

    @Override
    public double rateHz() {
        return sensor.rateHz();
    }

    @Override
    public synchronized Map<String, Double> read() {
        double t = (System.nanoTime() - startNanos) / 1e9; // s
        double swing = Math.sin(2 * Math.PI * t / 600.0); // one cycle per 10 min
        return switch (sensor.type()) {
            // The names of hardware's Bme280Reading (TEMPERATURE, PRESSURE, HUMIDITY).
            case BME280 -> Map.of(
                    "ambient_temp_c", 22.0 + 3.0 * swing + random.nextGaussian() * 0.05,
                    "ambient_pressure_pa", 101_325.0 + 150.0 * swing + random.nextGaussian() * 3.0,
                    "ambient_humidity_pct", 45.0 - 5.0 * swing + random.nextGaussian() * 0.3);
            case INA219 -> {
                double current = 3.3 + 0.2 * swing + random.nextGaussian() * 0.02; // A
                double voltage = 24.0 + random.nextGaussian() * 0.05; // V
                Map<String, Double> m = new LinkedHashMap<>();
                m.put("motor_current_a", current);
                m.put("motor_voltage_v", voltage);
                m.put("motor_power_w", current * voltage);
                yield m;
            }
            case MCP3008 -> {
                double ma = 12.0 + 4.0 * swing + random.nextGaussian() * 0.05; // loop current, mA
                double lo = sensor.number("at-4ma");
                double hi = sensor.number("at-20ma");
                yield Map.of(sensor.text("reading"), lo + (ma - 4.0) / 16.0 * (hi - lo));
            }
            case DS18B20 -> Map.of(sensor.text("reading"), 55.0 + 5.0 * swing + random.nextGaussian() * 0.06);
            case TACHOMETER -> Map.of(sensor.text("reading"), 1480.0 + 10.0 * swing + random.nextGaussian() * 2.0);
            case SWITCH -> Map.of(sensor.text("reading"), swing > 0.95 ? 1.0 : 0.0);
            case ADXL345 -> vibration.reduce(burst(sensor.burst(), t));
        };
    }

    /**
     * One burst of a running machine, in m/s²: 1 g of gravity on the axis, the shaft's 1x line
     * (24.7 Hz at 1480 rpm, 1.5 mm/s RMS velocity), a weak bearing tone and noise.
     */
    private double[] burst(SensorOptions.Burst b, double startS) {
        double[] x = new double[b.samples()];
        double f1 = 1480.0 / 60.0; // Hz
        double a1 = 1.5e-3 * Math.sqrt(2) * 2 * Math.PI * f1; // m/s² peak for 1.5 mm/s RMS velocity
        for (int i = 0; i < x.length; i++) {
            double ti = startS + i / b.sampleRateHz();
            x[i] = 9.80665 + a1 * Math.sin(2 * Math.PI * f1 * ti) + 0.05 * Math.sin(2 * Math.PI * 157.3 * ti)
                    + random.nextGaussian() * 0.02;
        }
        return x;
    }
}
