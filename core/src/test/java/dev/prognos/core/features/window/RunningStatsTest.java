package dev.prognos.core.features.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RunningStatsTest {

    private static final long T0 = 1_795_414_322_000L;

    @Test
    void shouldGiveMeanStdMinMaxOfTheSamples() {
        RunningStats s = new RunningStats();
        double[] xs = {2, 4, 4, 4, 5, 5, 7, 9};
        for (int i = 0; i < xs.length; i++) {
            s.add(T0 + i * 1000L, xs[i]);
        }
        WindowFeatures f = s.features();
        assertThat(f.count()).isEqualTo(8);
        assertThat(f.mean()).isEqualTo(5.0);
        // Population std of this classic set is 2; the sample std is 2 * sqrt(8/7).
        assertThat(f.std()).isCloseTo(2 * Math.sqrt(8.0 / 7.0), within(1e-12));
        assertThat(f.min()).isEqualTo(2);
        assertThat(f.max()).isEqualTo(9);
    }

    @ParameterizedTest(name = "x = {0} + {1}·t (t in s, one sample every {2} ms): slope {1}/s")
    @CsvSource({
            "3.0,  0.5,   1000",
            "7.1, -0.02,  250",
            "0.0,  0.0,   1000",
            "1e6,  1e-3,  10"})
    void shouldGiveTheSlopePerSecondOfALinearSignal(double intercept, double perSecond, long stepMs) {
        RunningStats s = new RunningStats();
        for (int i = 0; i < 50; i++) {
            double t = i * stepMs / 1000.0;
            s.add(T0 + i * stepMs, intercept + perSecond * t);
        }
        // Relative to the slope: at 1e6 the inputs themselves carry rounding of about 1e-10.
        assertThat(s.features().slope()).isCloseTo(perSecond, within(Math.abs(perSecond) * 1e-5 + 1e-12));
    }

    @Test
    void shouldStayAccurateWhenValuesAreLargeAndSpreadIsTiny() {
        // The naive sum-of-squares formula loses every digit here (1e18 - 1e18); Welford keeps
        // them, up to the rounding of the inputs themselves (1e9 has an ulp of 1.2e-7).
        RunningStats s = new RunningStats();
        for (int i = 0; i < 1000; i++) {
            s.add(T0 + i, 1e9 + (i % 2 == 0 ? 0.001 : -0.001));
        }
        WindowFeatures f = s.features();
        assertThat(f.mean()).isCloseTo(1e9, within(1e-6));
        assertThat(f.std()).isCloseTo(0.001 * Math.sqrt(1000.0 / 999.0), within(1e-6));
    }

    @Test
    void shouldGiveTheSameFiguresWhateverTheOrderOfTheSamples() {
        RunningStats inOrder = new RunningStats();
        RunningStats reversed = new RunningStats();
        for (int i = 0; i < 20; i++) {
            inOrder.add(T0 + i * 1000L, 2 + 0.1 * i + (i % 3) * 0.05);
        }
        for (int i = 19; i >= 0; i--) {
            reversed.add(T0 + i * 1000L, 2 + 0.1 * i + (i % 3) * 0.05);
        }
        WindowFeatures a = inOrder.features();
        WindowFeatures b = reversed.features();
        assertThat(b.mean()).isCloseTo(a.mean(), within(1e-12));
        assertThat(b.std()).isCloseTo(a.std(), within(1e-12));
        assertThat(b.slope()).isCloseTo(a.slope(), within(1e-12));
        assertThat(b.min()).isEqualTo(a.min());
        assertThat(b.max()).isEqualTo(a.max());
    }

    @Test
    void shouldIgnoreNaNAndInfiniteValues() {
        RunningStats s = new RunningStats().add(T0, 1).add(T0 + 1, Double.NaN).add(T0 + 2, Double.POSITIVE_INFINITY).add(T0 + 3, 3);
        assertThat(s.features().count()).isEqualTo(2);
        assertThat(s.features().mean()).isEqualTo(2);
    }

    @Test
    void shouldGiveZeroStdAndSlopeForOneSampleAndEmptyForNone() {
        assertThat(new RunningStats().features()).isEqualTo(WindowFeatures.EMPTY);
        assertThat(new RunningStats().features().isEmpty()).isTrue();
        WindowFeatures one = new RunningStats().add(T0, 4.2).features();
        assertThat(one).isEqualTo(new WindowFeatures(1, 4.2, 0, 4.2, 4.2, 0));
        WindowFeatures sameInstant = new RunningStats().add(T0, 1).add(T0, 3).features();
        assertThat(sameInstant.slope()).isZero();
    }
}
