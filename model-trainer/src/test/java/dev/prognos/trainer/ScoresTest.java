package dev.prognos.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScoresTest {

    @Test
    void shouldScoreLatePredictionsHarderThanEarlyOnesInPhm08() {
        // 10 cycles late: e^(10/10) − 1; 13 cycles early: e^(13/13) − 1.
        assertThat(Scores.phm08(new double[] {60}, new double[] {50})).isCloseTo(Math.E - 1, within(1e-12));
        assertThat(Scores.phm08(new double[] {37}, new double[] {50})).isCloseTo(Math.E - 1, within(1e-12));
        assertThat(Scores.phm08(new double[] {55}, new double[] {50})).isGreaterThan(Scores.phm08(new double[] {45}, new double[] {50}));
    }

    @Test
    void shouldCapTheTruthAt125Cycles() {
        assertThat(Scores.capped(new double[] {10, 125, 200})).containsExactly(10, 125, 125);
        assertThat(Scores.rmse(new double[] {3, 0}, new double[] {0, 4})).isCloseTo(Math.sqrt(12.5), within(1e-12));
    }

    @Test
    void shouldPickTheThresholdWithTheBestF1() {
        // Positives at 0.9, 0.8, 0.3; negatives at 0.6, 0.2, 0.1. Thresholds 0.25 and 0.30 both give
        // precision 3/4, recall 1 (F1 0.857, the best; 0.65..0.80 give 0.8): the lower one is kept.
        List<double[]> scored = List.of(new double[] {0.9, 1}, new double[] {0.8, 1}, new double[] {0.3, 1},
                new double[] {0.6, 0}, new double[] {0.2, 0}, new double[] {0.1, 0});
        double[] best = Scores.bestF1Threshold(scored);
        assertThat(best[0]).isCloseTo(0.25, within(1e-12));
        assertThat(best[1]).isCloseTo(0.75, within(1e-12));
        assertThat(best[2]).isCloseTo(1.0, within(1e-12));
    }
}
