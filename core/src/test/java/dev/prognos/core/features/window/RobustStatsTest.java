package dev.prognos.core.features.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RobustStatsTest {

    @Test
    void shouldGiveTheMiddleValueOrTheMeanOfTheTwoMiddleOnes() {
        assertThat(RobustStats.median(new double[]{5, 1, 3})).isEqualTo(3);
        assertThat(RobustStats.median(new double[]{4, 1, 3, 2})).isEqualTo(2.5);
        assertThat(RobustStats.median(new double[]{})).isNaN();
    }

    @Test
    void shouldGiveTheMedianAbsoluteDeviation() {
        // Deviations from the median 2: 1, 1, 0, 0, 2, 4, 7 -> sorted 0 0 1 1 2 4 7 -> 1.
        assertThat(RobustStats.mad(new double[]{1, 1, 2, 2, 4, 6, 9})).isEqualTo(1);
    }

    @Test
    void shouldNotBeMovedByAFewOutliers() {
        double[] clean = {2.0, 2.1, 1.9, 2.05, 1.95, 2.0, 2.1, 1.9, 2.0};
        double[] dirty = {2.0, 2.1, 1.9, 2.05, 1.95, 2.0, 2.1, 1.9, 250.0};
        assertThat(RobustStats.median(dirty)).isCloseTo(RobustStats.median(clean), within(0.051));
        assertThat(RobustStats.mad(dirty)).isCloseTo(RobustStats.mad(clean), within(0.051));
    }

    @Test
    void shouldIgnoreNaNAndLeaveTheInputAlone() {
        double[] values = {3, Double.NaN, 1, 2};
        assertThat(RobustStats.median(values)).isEqualTo(2);
        assertThat(values).containsExactly(3, Double.NaN, 1, 2);
    }

    @Test
    void shouldScoreAgainstTheScaledMadWithAFloor() {
        // sigma = 1.4826 * 0.5
        assertThat(RobustStats.z(4.0, 2.0, 0.5, 1e-3)).isCloseTo(2.0 / (0.5 * 1.4826), within(1e-12));
        // A steady warm-up: MAD 0, the floor is used.
        assertThat(RobustStats.z(2.5, 2.0, 0, 0.1)).isCloseTo(5.0, within(1e-12));
        assertThatThrownBy(() -> RobustStats.z(1, 1, 1, 0)).hasMessageContaining("minSigma");
    }
}
