package dev.prognos.core.features.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class CusumTest {

    private static final double K = 0.5;

    @Test
    void shouldStayAtZeroOnNoiseWithinTheAllowance() {
        Cusum c = new Cusum();
        for (int i = 0; i < 1000; i++) {
            c.add(i % 2 == 0 ? 0.4 : -0.4, K);
        }
        assertThat(c.statistic()).isZero();
    }

    @ParameterizedTest(name = "a shift of {0} sigma reaches h = 5 after {1} steps")
    @CsvSource({
            "1.0,  10",
            "2.0,  4",
            "-1.5, 5"})
    void shouldAccumulateASustainedShift(double shift, int steps) {
        Cusum c = new Cusum();
        int n = 0;
        while (c.statistic() < 5) {
            c.add(shift, K);
            n++;
        }
        assertThat(n).isEqualTo(steps);
        assertThat(shift > 0 ? c.getHigh() : c.getLow()).isEqualTo(c.statistic());
    }

    @Test
    void shouldDecayBackWhenTheShiftEndsAndResetToZero() {
        Cusum c = new Cusum();
        c.add(3, K).add(3, K);
        assertThat(c.statistic()).isCloseTo(5.0, within(1e-12));
        c.add(-1, K);
        assertThat(c.statistic()).isCloseTo(3.5, within(1e-12));
        c.add(Double.NaN, K);
        assertThat(c.statistic()).isCloseTo(3.5, within(1e-12));
        c.reset();
        assertThat(c.statistic()).isZero();
    }
}
