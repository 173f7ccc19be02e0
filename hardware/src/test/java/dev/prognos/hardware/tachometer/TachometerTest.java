package dev.prognos.hardware.tachometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

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

/** Pulses on Pi4J's mock digital input, timed by a clock the test advances. */
class TachometerTest extends MockPlatformTestBase {

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);

    private MockDigitalInput pin;

    private Tachometer tachometer(Context ctx, TachometerOptions options) {
        pin = (MockDigitalInput) Pi4jGpio.openInput(ctx, "tach-test", 17, options.pull(), 0);
        pin.mockState(DigitalState.LOW);
        return new Tachometer(ctx, pin, options, clock::get);
    }

    /** {@code n} square pulses at {@code hz}, high for {@code duty} of each period. */
    private void pulses(int n, double hz, double duty) {
        long period = Math.round(1e9 / hz);
        for (int i = 0; i < n; i++) {
            clock.addAndGet(Math.round(period * (1 - duty)));
            pin.mockState(DigitalState.HIGH);
            clock.addAndGet(Math.round(period * duty));
            pin.mockState(DigitalState.LOW);
        }
    }

    @ParameterizedTest(name = "{0} pulse(s)/rev at {1} Hz, {2} edges = {3} RPM")
    @CsvSource({
            "1,  25,   rising,  1500",
            "2,  100,  rising,  3000",
            "60, 1000, rising,  1000",
            "4,  30,   falling, 450",
            "1,  2.5,  rising,  150"})
    void shouldTurnThePulseRateIntoRpm(int ppr, double hz, String edge, double rpm) {
        try (Tachometer tach = tachometer(digitalInput(),
                new TachometerOptions(ppr, 2000, edge.equals("rising"), PullResistance.PULL_UP, "shaft_speed_rpm"))) {
            pulses((int) Math.max(3, hz), hz, 0.3);
            assertThat(tach.rpm()).isCloseTo(rpm, within(rpm * 1e-6));
            assertThat(tach.readings().get("shaft_speed_rpm")).isCloseTo(rpm, within(rpm * 1e-6));
        }
    }

    @Test
    void shouldFollowASpeedChangeWithinOneWindowAndReadZeroWhenTheShaftStops() {
        try (Tachometer tach = tachometer(digitalInput(), TachometerOptions.of("shaft_speed_rpm"))) {
            pulses(50, 50, 0.5);
            assertThat(tach.rpm()).isCloseTo(3000, within(1e-6));
            pulses(20, 20, 0.5); // 1 s at 1200 RPM: the 50 Hz edges age out of the 1 s window
            assertThat(tach.rpm()).isCloseTo(1200, within(1e-6));
            assertThat(tach.edges()).isEqualTo(70);
            clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(1001));
            assertThat(tach.rpm()).as("no edge within the window").isZero();
        }
    }

    @Test
    void shouldReadZeroWithASinglePulseAndSayWhatItCannotSee() {
        try (Tachometer tach = tachometer(digitalInput(), TachometerOptions.of("rpm"))) {
            pulses(1, 10, 0.5);
            assertThat(tach.rpm()).isZero();
        }
        assertThat(TachometerOptions.of("rpm").minimumRpm()).isEqualTo(60.0);
        assertThat(new TachometerOptions(60, 500, true, PullResistance.PULL_UP, "rpm").minimumRpm()).isEqualTo(2.0);
    }

    @Test
    void shouldOpenThePinThroughPi4jAndReleaseIt() {
        Context ctx = digitalInput();
        try (Tachometer tach = new Tachometer(ctx, 22, TachometerOptions.of("rpm"))) {
            assertThat(ctx.registry().exists("tachometer-22")).isTrue();
            assertThat(tach.describe()).isEqualTo("tachometer on GPIO 22");
        }
        assertThat(ctx.registry().exists("tachometer-22")).isFalse();
        assertThatThrownBy(() -> new Tachometer(ctx, 40, TachometerOptions.of("rpm")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0..27, got 40");
        assertThatThrownBy(() -> new TachometerOptions(0, 1000, true, PullResistance.PULL_UP, "rpm"))
                .hasMessageContaining("pulses per revolution");
    }
}
