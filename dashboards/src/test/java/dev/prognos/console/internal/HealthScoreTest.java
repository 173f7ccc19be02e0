package dev.prognos.console.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HealthScoreTest {

    @ParameterizedTest(name = "zone {0}, |z| {1} -> {2}")
    @CsvSource({
            "A, NaN, 100", "B, NaN, 80", "C, NaN, 50", "D, NaN, 20", "'', NaN, 100",
            "A, 3.0, 100", "A, 5.0, 80", "A, 13.0, 0", "A, 40.0, 0", "B, 4.0, 80", "B, 6.0, 70", "'', 8.0, 50",
    })
    void shouldTakeTheLowerOfTheZoneAndTheBaselineScores(String zone, double maxAbsZ, double expected) {
        assertThat(HealthScore.of(zone, maxAbsZ)).isEqualTo(expected);
    }
}
