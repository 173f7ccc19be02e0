package dev.prognos.hardware.switchinput;

import com.pi4j.io.gpio.digital.PullResistance;
import java.util.Objects;

/**
 * How a switch (limit switch, door contact, float switch) is wired and read.
 *
 * @param activeLow  the switch pulls the pin to GND when actuated (true, with {@code PULL_UP}: the
 *                   usual wiring, a broken wire reads "not actuated") or to 3V3 (false, with {@code PULL_DOWN})
 * @param pull       the pin's pull resistor ({@code OFF} only with an external one)
 * @param debounceMs how long a new level must hold before it counts, in ms: mechanical contacts
 *                   bounce for 1..20 ms
 * @param reading    telemetry name, e.g. {@code door_open} (1 actuated, 0 not)
 */
public record SwitchOptions(boolean activeLow, PullResistance pull, long debounceMs, String reading) {

    public SwitchOptions {
        Objects.requireNonNull(pull, "pull");
        Objects.requireNonNull(reading, "reading");
        if (debounceMs < 0 || debounceMs > 10_000) {
            throw new IllegalArgumentException("switch debounce must be 0..10000 ms, got " + debounceMs);
        }
    }

    /** Switch to GND, internal pull-up, 20 ms debounce. */
    public static SwitchOptions of(String reading) {
        return new SwitchOptions(true, PullResistance.PULL_UP, 20, reading);
    }
}
