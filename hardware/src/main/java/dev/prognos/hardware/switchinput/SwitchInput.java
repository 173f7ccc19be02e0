package dev.prognos.hardware.switchinput;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.DigitalStateChangeListener;
import dev.prognos.hardware.Sensor;
import dev.prognos.hardware.SensorException;
import dev.prognos.hardware.internal.Pi4jGpio;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A switch on a GPIO pin, debounced: a level counts once it has held for the debounce time, so
 * contact bounce neither flips the state nor counts as several actuations. Edges come from Pi4J's
 * events (so an actuation between two reads is still counted) and the pin is also sampled on
 * every read (so a missed event cannot leave the state stale). Thread-safe.
 */
public final class SwitchInput implements Sensor {

    private final Context pi4j;
    private final DigitalInput input;
    private final SwitchOptions options;
    private final LongSupplier nanoClock;
    private final long debounceNanos;
    private final DigitalStateChangeListener listener;
    private boolean rawHigh;
    private long rawSince;
    private boolean stableHigh;
    private long actuations;

    /** Opens the pin as an input and starts watching it. */
    public SwitchInput(Context pi4j, int bcmPin, SwitchOptions options) {
        // Pi4J's debounce (a glitch filter where the provider has one) at the same setting; ours makes it hold everywhere.
        this(pi4j, Pi4jGpio.openInput(Objects.requireNonNull(pi4j, "pi4j"), "switch-" + bcmPin, bcmPin, options.pull(),
                TimeUnit.MILLISECONDS.toMicros(options.debounceMs())), options, System::nanoTime);
    }

    /** Watches an input already opened on {@code pi4j}, timed by {@code nanoClock}; shuts it down on close. */
    public SwitchInput(Context pi4j, DigitalInput input, SwitchOptions options, LongSupplier nanoClock) {
        this.pi4j = Objects.requireNonNull(pi4j, "pi4j");
        this.input = Objects.requireNonNull(input, "input");
        this.options = Objects.requireNonNull(options, "options");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.debounceNanos = TimeUnit.MILLISECONDS.toNanos(options.debounceMs());
        this.rawHigh = sampleHigh();
        this.rawSince = nanoClock.getAsLong();
        this.stableHigh = rawHigh;
        this.listener = event -> onLevel(event.state() == DigitalState.HIGH, nanoClock.getAsLong());
        input.addListener(listener);
    }

    /** Whether the switch is actuated (debounced). */
    public boolean isActuated() {
        boolean high = sampleHigh();
        synchronized (this) {
            onLevel(high, nanoClock.getAsLong());
            return actuated(stableHigh);
        }
    }

    /** Debounced actuations since start. */
    public synchronized long actuations() {
        settle(nanoClock.getAsLong());
        return actuations;
    }

    /** 1.0 when actuated, 0.0 when not, under the reading name. */
    @Override
    public Map<String, Double> readings() {
        return Map.of(options.reading(), isActuated() ? 1.0 : 0.0);
    }

    @Override
    public String describe() {
        return "switch on " + Pi4jGpio.location(input.address().intValue());
    }

    @Override
    public void close() {
        input.removeListener(listener);
        Pi4jGpio.close(pi4j, input);
    }

    private synchronized void onLevel(boolean high, long now) {
        // Settle first: the old level may have held long enough to count before this change.
        settle(now);
        if (high != rawHigh) {
            rawHigh = high;
            rawSince = now;
        }
        settle(now);
    }

    private void settle(long now) {
        if (rawHigh != stableHigh && now - rawSince >= debounceNanos) {
            stableHigh = rawHigh;
            if (actuated(stableHigh)) {
                actuations++;
            }
        }
    }

    private boolean actuated(boolean high) {
        return high != options.activeLow();
    }

    private boolean sampleHigh() {
        DigitalState state;
        try {
            state = input.state();
        } catch (RuntimeException e) {
            throw new SensorException(describe() + ": reading the pin failed: " + e.getMessage(), e);
        }
        return state == DigitalState.HIGH;
    }
}
