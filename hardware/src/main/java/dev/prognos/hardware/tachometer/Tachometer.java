package dev.prognos.hardware.tachometer;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.DigitalStateChangeListener;
import dev.prognos.hardware.Sensor;
import dev.prognos.hardware.internal.Pi4jGpio;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Shaft speed from a pulse sensor (Hall, optical, inductive) on a GPIO pin, through Pi4J's
 * edge events. Each counted edge is timestamped; {@link #rpm()} is the mean pulse rate over the
 * edges of the last window: (edges − 1) / (last − first), divided by the pulses per revolution.
 * Timing the span between edges, rather than counting edges in a fixed window, avoids the ±1 pulse
 * quantisation that makes counted RPM jumpy at low speed.
 *
 * <p>Below {@link TachometerOptions#minimumRpm()} (fewer than two edges in the window) the speed
 * reads 0. Java edge events on a Pi keep up with a few kHz of pulses; faster signals need a
 * divider or a counter chip. Thread-safe: edges arrive on Pi4J's event thread.
 */
public final class Tachometer implements Sensor {

    /** Edges kept at most; at 4 kHz a 1 s window would need 4000. */
    private static final int CAPACITY = 8192;

    private final Context pi4j;
    private final DigitalInput input;
    private final TachometerOptions options;
    private final LongSupplier nanoClock;
    private final DigitalStateChangeListener listener;
    private final long[] edges = new long[CAPACITY];
    private int head;
    private int count;
    private long total;

    /**
     * Opens the pin as an input (no debounce: it would cap the pulse rate) and starts counting.
     *
     * @param bcmPin BCM GPIO number
     */
    public Tachometer(Context pi4j, int bcmPin, TachometerOptions options) {
        this(pi4j, Pi4jGpio.openInput(Objects.requireNonNull(pi4j, "pi4j"), "tachometer-" + bcmPin, bcmPin,
                options.pull(), 0), options, System::nanoTime);
    }

    /**
     * Counts edges of an input already opened on {@code pi4j}, timed by {@code nanoClock} (tests
     * pass a clock they advance). The input is shut down with this tachometer.
     */
    public Tachometer(Context pi4j, DigitalInput input, TachometerOptions options, LongSupplier nanoClock) {
        this.pi4j = Objects.requireNonNull(pi4j, "pi4j");
        this.input = Objects.requireNonNull(input, "input");
        this.options = Objects.requireNonNull(options, "options");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        DigitalState counted = options.risingEdge() ? DigitalState.HIGH : DigitalState.LOW;
        this.listener = event -> {
            if (event.state() == counted) {
                onEdge(nanoClock.getAsLong());
            }
        };
        input.addListener(listener);
    }

    /** Shaft speed in revolutions per minute over the last window; 0 below the window's minimum. */
    public synchronized double rpm() {
        long now = nanoClock.getAsLong();
        long windowStart = now - TimeUnit.MILLISECONDS.toNanos(options.windowMs());
        while (count > 0 && edges[(head - count + CAPACITY) % CAPACITY] - windowStart < 0) {
            count--;
        }
        if (count < 2) {
            return 0.0;
        }
        long first = edges[(head - count + CAPACITY) % CAPACITY];
        long last = edges[(head - 1 + CAPACITY) % CAPACITY];
        double pulsesPerSecond = (count - 1) / ((last - first) / 1e9);
        return pulsesPerSecond * 60 / options.pulsesPerRevolution();
    }

    /** Edges counted since start (for diagnostics: a stuck sensor shows no change). */
    public synchronized long edges() {
        return total;
    }

    @Override
    public Map<String, Double> readings() {
        return Map.of(options.reading(), rpm());
    }

    @Override
    public String describe() {
        return "tachometer on " + Pi4jGpio.location(input.address().intValue());
    }

    @Override
    public void close() {
        input.removeListener(listener);
        Pi4jGpio.close(pi4j, input);
    }

    private synchronized void onEdge(long nanos) {
        edges[head] = nanos;
        head = (head + 1) % CAPACITY;
        count = Math.min(count + 1, CAPACITY);
        total++;
    }
}
