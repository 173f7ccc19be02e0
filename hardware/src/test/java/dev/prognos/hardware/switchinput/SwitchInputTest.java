package dev.prognos.hardware.switchinput;

import static org.assertj.core.api.Assertions.assertThat;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import dev.prognos.hardware.MockPlatformTestBase;
import dev.prognos.hardware.internal.Pi4jGpio;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A switch on Pi4J's mock digital input, timed by a clock the test advances. */
class SwitchInputTest extends MockPlatformTestBase {

    private final AtomicLong clock = new AtomicLong(5_000_000_000L);
    private MockDigitalInput pin;

    private SwitchInput switchInput(SwitchOptions options, DigitalState initial) {
        Context ctx = digitalInput();
        pin = (MockDigitalInput) Pi4jGpio.openInput(ctx, "switch-test", 5, options.pull(), 0);
        pin.mockState(initial);
        return new SwitchInput(ctx, pin, options, clock::get);
    }

    private void at(long ms, DigitalState level) {
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(ms));
        pin.mockState(level);
    }

    private void after(long ms) {
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(ms));
    }

    @ParameterizedTest(name = "active low {0}: pin {1} = actuated {2}")
    @CsvSource({"true, LOW, true", "true, HIGH, false", "false, HIGH, true", "false, LOW, false"})
    void shouldMapThePinLevelToActuated(boolean activeLow, DigitalState level, boolean actuated) {
        try (SwitchInput sw = switchInput(new SwitchOptions(activeLow, PullResistance.PULL_UP, 20, "door_open"), level)) {
            assertThat(sw.isActuated()).isEqualTo(actuated);
            assertThat(sw.readings()).containsEntry("door_open", actuated ? 1.0 : 0.0);
        }
    }

    @Test
    void shouldCountOneActuationThroughContactBounce() {
        try (SwitchInput sw = switchInput(SwitchOptions.of("limit_reached"), DigitalState.HIGH)) {
            // press: the contact bounces for 4 ms, then holds
            at(0, DigitalState.LOW);
            at(1, DigitalState.HIGH);
            at(1, DigitalState.LOW);
            at(2, DigitalState.HIGH);
            at(0, DigitalState.LOW);
            assertThat(sw.isActuated()).as("bouncing: not held 20 ms yet").isFalse();
            after(20);
            assertThat(sw.isActuated()).isTrue();
            // release with bounce
            at(500, DigitalState.HIGH);
            at(3, DigitalState.LOW);
            at(1, DigitalState.HIGH);
            after(25);
            assertThat(sw.isActuated()).isFalse();
            assertThat(sw.actuations()).isEqualTo(1);
        }
    }

    @Test
    void shouldCountAnActuationThatEndedBetweenTwoReads() {
        try (SwitchInput sw = switchInput(SwitchOptions.of("door_open"), DigitalState.HIGH)) {
            assertThat(sw.isActuated()).isFalse();
            at(100, DigitalState.LOW);  // door opened for 300 ms
            at(300, DigitalState.HIGH);
            after(100);
            assertThat(sw.isActuated()).isFalse();
            assertThat(sw.actuations()).isEqualTo(1);
        }
    }

    @Test
    void shouldIgnoreAGlitchShorterThanTheDebounce() {
        try (SwitchInput sw = switchInput(SwitchOptions.of("door_open"), DigitalState.HIGH)) {
            at(100, DigitalState.LOW);
            at(5, DigitalState.HIGH);
            after(100);
            assertThat(sw.isActuated()).isFalse();
            assertThat(sw.actuations()).isZero();
        }
    }

    @Test
    void shouldOpenThePinThroughPi4jAndReleaseIt() {
        Context ctx = digitalInput();
        try (SwitchInput sw = new SwitchInput(ctx, 6, SwitchOptions.of("door_open"))) {
            assertThat(ctx.registry().exists("switch-6")).isTrue();
            assertThat(sw.describe()).isEqualTo("switch on GPIO 6");
        }
        assertThat(ctx.registry().exists("switch-6")).isFalse();
    }
}
