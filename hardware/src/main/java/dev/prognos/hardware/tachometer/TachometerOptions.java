package dev.prognos.hardware.tachometer;

import com.pi4j.io.gpio.digital.PullResistance;
import java.util.Objects;

/**
 * How a pulse tachometer is wired and read.
 *
 * @param pulsesPerRevolution pulses per shaft turn: 1 for one reflective mark or magnet, the number
 *                            of teeth for a gear-tooth sensor
 * @param windowMs            how far back {@link Tachometer#rpm()} looks, in ms; slower shafts need
 *                            longer windows (at least two pulses must fall in it:
 *                            RPM ≥ 60 000 / (pulses per revolution × window ms))
 * @param risingEdge          count rising edges (true) or falling edges
 * @param pull                the pin's pull resistor: open-collector (NPN) sensors need {@code PULL_UP}
 * @param reading             telemetry name, e.g. {@code shaft_speed_rpm}
 */
public record TachometerOptions(int pulsesPerRevolution, long windowMs, boolean risingEdge, PullResistance pull,
                                String reading) {

    public TachometerOptions {
        if (pulsesPerRevolution < 1) {
            throw new IllegalArgumentException("pulses per revolution must be >= 1, got " + pulsesPerRevolution);
        }
        if (windowMs < 10 || windowMs > 60_000) {
            throw new IllegalArgumentException("tachometer window must be 10..60000 ms, got " + windowMs);
        }
        Objects.requireNonNull(pull, "pull");
        Objects.requireNonNull(reading, "reading");
    }

    /** One pulse per revolution, 1 s window, rising edges, pull-up (an open-collector Hall or optical sensor). */
    public static TachometerOptions of(String reading) {
        return new TachometerOptions(1, 1000, true, PullResistance.PULL_UP, reading);
    }

    /** The lowest speed a window can see: two pulses in it, in RPM. */
    public double minimumRpm() {
        return 60_000.0 / (pulsesPerRevolution * windowMs);
    }
}
