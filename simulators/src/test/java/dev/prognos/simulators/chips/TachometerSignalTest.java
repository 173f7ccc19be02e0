package dev.prognos.simulators.chips;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.prognos.hardware.tachometer.Tachometer;
import dev.prognos.hardware.tachometer.TachometerOptions;
import dev.prognos.simulators.pi4j.SimulatedBoard;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TachometerSignalTest {

    @ParameterizedTest(name = "{0} Hz, {1} pulse(s) per rev")
    @CsvSource({"24.5, 1", "10, 4", "50, 2"})
    void shouldAlternateEdgesAtThePulseRateWithTheDutyCycle(double hz, int pulses) {
        TachometerSignal tach = new TachometerSignal(n -> hz, pulses, 0.1, 0);
        long t = 0;
        int rising = 0;
        long highNanos = 0;
        boolean level = tach.high(0);
        while (true) {
            long next = tach.nextEdge(t);
            if (next > 1_000_000_000L) {
                break;
            }
            if (level) {
                highNanos += next - t;
            }
            level = !level;
            assertThat(tach.high(next)).isEqualTo(level);
            rising += level ? 1 : 0;
            t = next;
        }
        assertThat(rising).isBetween((int) Math.floor(hz * pulses) - 1, (int) Math.ceil(hz * pulses) + 1);
        assertThat(highNanos / 1e9).isBetween(0.08, 0.12);
    }

    @Test
    void shouldGiveTheRealTachometerDriverTheShaftSpeed() throws Exception {
        TachometerSignal tach = new TachometerSignal(n -> 24.5, 1, 0.1, System.nanoTime());
        try (SimulatedBoard board = SimulatedBoard.builder().digitalInput(17, tach).build();
             Tachometer driver = new Tachometer(board.context(), 17, TachometerOptions.of("shaft_speed_rpm"))) {
            // The driver needs a window of edges before it has a speed; poll for it rather than sleep.
            // Edges are timestamped when their Pi4J event arrives: a loaded host delays some by a few ms.
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                    assertThat(driver.rpm()).isBetween(24.5 * 60 * 0.9, 24.5 * 60 * 1.1));
        }
    }
}
