package dev.prognos.hardware.internal;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.PullResistance;
import dev.prognos.hardware.SensorException;
import java.util.concurrent.TimeUnit;

/** Opening and releasing Pi4J digital inputs the same way for every GPIO driver. */
public final class Pi4jGpio {

    /** GPIO numbers (BCM) on the Raspberry Pi's 40-pin header. */
    public static final int MAX_HEADER_PIN = 27;

    private Pi4jGpio() {
    }

    /** For messages: {@code "GPIO 17"} (BCM numbering). */
    public static String location(int bcmPin) {
        return "GPIO " + bcmPin;
    }

    /**
     * Opens a digital input.
     *
     * @param bcmPin         BCM GPIO number, 0..27
     * @param debounceMicros Pi4J's debounce (a glitch filter where the provider has one); 0 for none.
     *                       Pi4J's default is 10 ms, which would hide pulses faster than 50 Hz.
     */
    public static DigitalInput openInput(Context pi4j, String id, int bcmPin, PullResistance pull, long debounceMicros) {
        if (bcmPin < 0 || bcmPin > MAX_HEADER_PIN) {
            throw new IllegalArgumentException("GPIO pin must be a BCM number 0.." + MAX_HEADER_PIN + ", got " + bcmPin);
        }
        try {
            return pi4j.create(DigitalInput.newConfigBuilder(pi4j).id(id).name(id + " (" + location(bcmPin) + ")")
                    .address(bcmPin).pull(pull).debounce(debounceMicros, TimeUnit.MICROSECONDS).build());
        } catch (RuntimeException e) {
            throw new SensorException("cannot open " + location(bcmPin) + " as an input: " + e.getMessage(), e);
        }
    }

    /** Shuts the input down in the registry (so the pin can be opened again). */
    public static void close(Context pi4j, DigitalInput input) {
        if (pi4j.registry().exists(input.id())) {
            pi4j.shutdown(input.id());
        }
    }
}
