package dev.prognos.edge;

import java.util.Map;
import java.util.SplittableRandom;

/**
 * A stand-in for a configured sensor on a machine without it: the same reading names, units and
 * rate as the real driver, with plausible values (a slow daily-like swing plus noise). It lets
 * the agent, its outbox and its MQTT side run anywhere; the physics-based machines of
 * {@code simulators/} are the realistic source.
 */
public final class SyntheticSource implements SensorSource {

    private final AgentOptions.Sensor sensor;
    private final SplittableRandom random;
    private final long startNanos = System.nanoTime();

    public SyntheticSource(AgentOptions.Sensor sensor, long seed) {
        this.sensor = sensor;
        this.random = new SplittableRandom(seed);
    }

    @Override
    public String name() {
        return String.format("synthetic %s bus %d address 0x%02X", sensor.type(), sensor.bus(), sensor.address());
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
            // The names of hardware's Bme280Reading (TEMPERATURE, PRESSURE, HUMIDITY); edge-agent does not
            // depend on hardware/ until the real driver is wired in.
            case "bme280" -> Map.of(
                    "ambient_temp_c", 22.0 + 3.0 * swing + random.nextGaussian() * 0.05,
                    "ambient_pressure_pa", 101_325.0 + 150.0 * swing + random.nextGaussian() * 3.0,
                    "ambient_humidity_pct", 45.0 - 5.0 * swing + random.nextGaussian() * 0.3);
            default -> throw new IllegalStateException("no synthetic model for sensor type " + sensor.type());
        };
    }
}
