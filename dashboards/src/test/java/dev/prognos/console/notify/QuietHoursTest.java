package dev.prognos.console.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QuietHoursTest {

    @ParameterizedTest(name = "{0} in {1}: quiet {2}, ends {3}")
    @CsvSource({
            // window,      at (UTC),              quiet, ends at
            "22:00-06:00, 2026-11-23T23:30:00Z, true,  2026-11-24T06:00:00Z",
            "22:00-06:00, 2026-11-23T02:00:00Z, true,  2026-11-23T06:00:00Z",
            "22:00-06:00, 2026-11-23T06:00:00Z, false, 2026-11-23T06:00:00Z",
            "22:00-06:00, 2026-11-23T21:59:59Z, false, 2026-11-23T21:59:59Z",
            "22:00-06:00, 2026-11-23T22:00:00Z, true,  2026-11-24T06:00:00Z",
            "12:00-13:30, 2026-11-23T12:45:00Z, true,  2026-11-23T13:30:00Z",
            "12:00-13:30, 2026-11-23T13:30:00Z, false, 2026-11-23T13:30:00Z",
    })
    void shouldHoldInsideTheWindowUntilItsEnd(String window, Instant at, boolean quiet, Instant ends) {
        QuietHours q = QuietHours.parse(window, "UTC");
        assertThat(q.contains(at)).isEqualTo(quiet);
        assertThat(q.endAfter(at)).isEqualTo(ends);
    }

    @ParameterizedTest
    @CsvSource({
            "Europe/Berlin, 2026-11-23T21:30:00Z, true",  // 22:30 in Berlin (UTC+1 in November)
            "Europe/Berlin, 2026-11-23T05:30:00Z, false", // 06:30 in Berlin
    })
    void shouldReadTheWindowInItsZone(String zone, Instant at, boolean quiet) {
        assertThat(QuietHours.parse("22:00-06:00", zone).contains(at)).isEqualTo(quiet);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "22-06       | UTC         | quiet hours must look like 22:00-06:00, got '22-06'",
            "22:00       | UTC         | quiet hours must look like 22:00-06:00, got '22:00'",
            "25:00-06:00 | UTC         | quiet hours must look like 22:00-06:00, got '25:00-06:00'",
            "22:00-06:00 | Mars/Olympus | unknown time zone 'Mars/Olympus'",
            "06:00-06:00 | UTC         | quiet hours: start and end are both 06:00; give an empty window by leaving the key out",
    })
    void shouldNameWhatIsWrong(String window, String zone, String message) {
        assertThatThrownBy(() -> QuietHours.parse(window, zone)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }
}
