package dev.prognos.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class SlidingFeaturesTest {

    /** Two conditions told apart by one setting; input x normalised per condition. */
    private static final Preprocessing TWO_CONDITIONS = new Preprocessing(new double[] {1},
            new double[][] {{0}, {100}}, new double[][] {{10}, {50}}, new double[][] {{2}, {5}});

    @Test
    void shouldNormalisePerConditionAndComputeEachWindowOverTheLastSamples() {
        FeatureSpec spec = new FeatureSpec(List.of("x"), List.of("setting"), List.of(3, 1),
                List.of("mean", "std", "slope", "min", "max"), List.of("age"));
        assertThat(spec.featureNames()).containsExactly("x.w3.mean", "x.w3.std", "x.w3.slope", "x.w3.min", "x.w3.max",
                "x.w1.mean", "x.w1.std", "x.w1.slope", "x.w1.min", "x.w1.max", "age");
        SlidingFeatures f = new SlidingFeatures(spec, TWO_CONDITIONS);

        // Normalised values: (12-10)/2 = 1, (60-50)/5 = 2 (setting 97 is nearest 100), (16-10)/2 = 3, (45-50)/5 = -1.
        f.next(1_000, new double[] {2}, new double[] {12});
        double[] v = f.next(2_000, new double[] {97}, new double[] {60}).clone();
        // Window 3 holds 2 samples so far: 1, 2 over 1 s.
        assertThat(v).containsExactly(new double[] {1.5, Math.sqrt(0.5), 1, 1, 2, 2, 0, 0, 2, 2, 2}, within(1e-12));

        f.next(3_000, new double[] {-1}, new double[] {16});
        v = f.next(4_000, new double[] {101}, new double[] {45});
        // Window 3: 2, 3, -1 at t = 2, 3, 4 s: mean 4/3, slope -1.5 per s.
        double mean = 4.0 / 3;
        double std = Math.sqrt(((2 - mean) * (2 - mean) + (3 - mean) * (3 - mean) + (-1 - mean) * (-1 - mean)) / 2);
        assertThat(v).containsExactly(new double[] {mean, std, -1.5, -1, 3, -1, 0, 0, -1, -1, 4}, within(1e-12));
    }

    @Test
    void shouldStartAgainAfterReset() {
        FeatureSpec spec = new FeatureSpec(List.of("x"), List.of("setting"), List.of(2), List.of("mean"), List.of("age"));
        SlidingFeatures f = new SlidingFeatures(spec, TWO_CONDITIONS);
        f.next(0, new double[] {0}, new double[] {20});
        f.next(1, new double[] {0}, new double[] {20});
        f.reset();
        assertThat(f.next(2, new double[] {0}, new double[] {10})).containsExactly(0, 1);
    }

    @Test
    void shouldGiveNaNForAWindowWithoutFiniteReadings() {
        FeatureSpec spec = new FeatureSpec(List.of("x"), List.of(), List.of(1), List.of("mean"), List.of());
        SlidingFeatures f = new SlidingFeatures(spec, new Preprocessing(new double[0], new double[][] {{}},
                new double[][] {{0}}, new double[][] {{1}}));
        assertThat(f.next(0, new double[0], new double[] {Double.NaN})[0]).isNaN();
    }

    @Test
    void shouldKeepTheExponentialMeanAndTheDriftFromTheLifesFirstSamplesOverTheWholeLife() {
        // One condition, mean 0, std 1: the readings are the normalised values.
        Preprocessing plain = new Preprocessing(new double[0], new double[][] {{}}, new double[][] {{0}}, new double[][] {{1}});
        FeatureSpec spec = new FeatureSpec(List.of("x"), List.of(), List.of(3), List.of("ewm", "delta"), List.of());
        SlidingFeatures f = new SlidingFeatures(spec, plain);
        // Span 3: alpha = 0.5. Baseline: mean of the first 3 values (1, 3, 5) = 3.
        assertThat(f.next(0, new double[0], new double[] {1})).containsExactly(new double[] {1, 0}, within(1e-12));
        assertThat(f.next(1, new double[0], new double[] {3})).containsExactly(new double[] {2, 0}, within(1e-12));
        assertThat(f.next(2, new double[0], new double[] {5})).containsExactly(new double[] {3.5, 0}, within(1e-12));
        // A missing reading leaves the exponential mean where it was.
        assertThat(f.next(3, new double[0], new double[] {Double.NaN})).containsExactly(new double[] {3.5, 1}, within(1e-12));
        // The last 3 are 5, NaN, 11: mean 8, minus the baseline 3.
        assertThat(f.next(4, new double[0], new double[] {11})).containsExactly(new double[] {7.25, 5}, within(1e-12));
        f.reset();
        assertThat(f.next(5, new double[0], new double[] {-2})).containsExactly(new double[] {-2, 0}, within(1e-12));
    }
}
