package dev.prognos.stream.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.prognos.core.features.window.RunningStats;
import dev.prognos.core.features.window.WindowFeatures;
import dev.prognos.core.model.FeatureSpec;
import dev.prognos.core.model.ModelArtifact;
import dev.prognos.core.model.ModelBody;
import dev.prognos.core.model.ModelOutput;
import dev.prognos.core.model.Preprocessing;
import dev.prognos.core.model.TrainingData;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelScoringTest {

    /** Inputs a and b, standardised with mean 10 and std 2; windows of 1 and 3 samples; mean and slope; age. */
    private static final FeatureSpec SPEC = new FeatureSpec(List.of("a", "b"), List.of(), List.of(1, 3),
            List.of("mean", "slope"), List.of("age"));
    private static final ModelArtifact ARTIFACT = ModelArtifact.unsigned("t", 1, "pump", "2026-11-23T08:00:00Z",
            new TrainingData("hand-built", "00", 0), SPEC,
            new Preprocessing(new double[0], new double[][] {{}}, new double[][] {{10, 10}}, new double[][] {{2, 2}}),
            List.of(new ModelOutput("rul", "h", ModelOutput.IDENTITY, ModelBody.linear(new double[SPEC.featureCount()], 0))),
            Map.of());

    @Test
    void shouldKeepAtMostTheCapacityOfWindowsAndCountEveryOneAsAge() {
        ModelHistory h = new ModelHistory();
        for (int i = 0; i < 5; i++) {
            ModelScoring.append(h, 10_000L * (i + 1), Map.of("a", features(i)), 3);
        }

        assertThat(h.seen).isEqualTo(5);
        assertThat(h.ends).containsExactly(30_000L, 40_000L, 50_000L);
        assertThat(h.means.get("a")).containsExactly(2.0, 3.0, 4.0);
    }

    @Test
    void shouldFillReadingsAWindowDidNotHaveWithNaN() {
        ModelHistory h = new ModelHistory();
        ModelScoring.append(h, 10_000, Map.of("a", features(1)), 5);
        ModelScoring.append(h, 20_000, Map.of("b", features(2)), 5);

        assertThat(h.means.get("a")).containsExactly(1.0, Double.NaN);
        assertThat(h.means.get("b")).containsExactly(Double.NaN, 2.0);
    }

    @Test
    void shouldComputeTheSpecsFeatureVectorOverTheLastSamplesWithTheTrueAge() {
        ModelHistory h = new ModelHistory();
        // a = 10, 12, 14, 16, 18 at 10 s steps: standardised 0, 1, 2, 3, 4; b = 10 throughout: 0.
        for (int i = 0; i < 5; i++) {
            ModelScoring.append(h, 10_000L * (i + 1), Map.of("a", features(10 + 2 * i), "b", features(10)), 4);
        }

        double[] x = ModelScoring.features(ARTIFACT, h);

        // a.w1.mean, a.w1.slope, a.w3.mean, a.w3.slope, b.w1.mean, b.w1.slope, b.w3.mean, b.w3.slope, age
        assertThat(SPEC.featureNames()).containsExactly("a.w1.mean", "a.w1.slope", "a.w3.mean", "a.w3.slope",
                "b.w1.mean", "b.w1.slope", "b.w3.mean", "b.w3.slope", "age");
        assertThat(x[0]).isEqualTo(4.0);
        assertThat(x[2]).isCloseTo(3.0, within(1e-12));
        assertThat(x[3]).isCloseTo(0.1, within(1e-12));  // 1 standard deviation per 10 s window
        assertThat(x[6]).isZero();
        assertThat(x[8]).isEqualTo(5.0);                 // every window counts, not only the 4 kept
    }

    @Test
    void shouldGiveNoVectorBeforeTheFirstWindow() {
        assertThat(ModelScoring.features(ARTIFACT, new ModelHistory())).isNull();
    }

    private static WindowFeatures features(double mean) {
        RunningStats s = new RunningStats();
        s.add(0, mean);
        return s.features();
    }
}
