package dev.prognos.simulators.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest(name = "{0} is {1} ms")
    @CsvSource({"500ms, 500", "45s, 45000", "10m, 600000", "1h, 3600000", "1h30m, 5400000", "2m5s, 125000", "30d, 2592000000", "2d6h, 194400000",
            "PT45S, 45000", "pt10m, 600000", " 45S , 45000"})
    void shouldParseWhatPeopleType(String text, long millis) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "45", "ten seconds", "45 s", "-5s", "1.5m", "PTX"})
    void shouldRefuseWhatIsNotADuration(String text) {
        assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("duration");
    }

    @ParameterizedTest(name = "{0} ms prints as {1}")
    @CsvSource({"45000, 45s", "600000, 10m", "90000, 1m30s", "5400000, 1h30m", "250, 250ms", "2592000000, 30d", "194400000, 2d6h"})
    void shouldFormatShortly(long millis, String text) {
        assertThat(Durations.format(Duration.ofMillis(millis))).isEqualTo(text);
    }
}
