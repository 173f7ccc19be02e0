package dev.prognos.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ArchiveTrainerTest {

    private static final long HOUR = 3_600_000L;

    @Nested
    @DisplayName("detection on a held-out life, replayed window by window")
    class Detection {

        /** Failure at 10 h, onset at 4 h. */
        private final Map<Integer, FailureRecords.Life> lives = Map.of(
                0, new FailureRecords.Life("pump-1", Long.MIN_VALUE, 10 * HOUR, 4 * HOUR),
                1, new FailureRecords.Life("pump-2", Long.MIN_VALUE, 10 * HOUR, Long.MIN_VALUE));

        @Test
        void shouldTakeTheLeadTimeFromTheFirstAlertAfterTheOnset() {
            // {window end, RUL h, probability}, out of order: the replay sorts by time.
            Map<Integer, List<double[]>> rows = Map.of(0, List.of(
                    new double[] {9 * HOUR, 1, 0.9},
                    new double[] {5 * HOUR, 5, 0.2},
                    new double[] {7 * HOUR, 3, 0.8},
                    new double[] {6 * HOUR, 4, 0.4}));

            ArchiveTrainer.Detection d = ArchiveTrainer.detect(rows, lives, 0.8, Double.NEGATIVE_INFINITY);

            assertThat(d.lives()).isEqualTo(1);
            assertThat(d.detected()).isEqualTo(1);
            assertThat(d.medianLeadHours()).isEqualTo(3.0);
            assertThat(d.alertedHealthy()).isZero();
        }

        @Test
        void shouldAlsoAlertWhenTheRulFallsBelowTheHorizon() {
            Map<Integer, List<double[]>> rows = Map.of(0, List.of(new double[] {5 * HOUR, 1.5, 0.1},
                    new double[] {6 * HOUR, 4, 0.1}));

            assertThat(ArchiveTrainer.detect(rows, lives, 0.8, 2.0).medianLeadHours()).isEqualTo(5.0);
            assertThat(ArchiveTrainer.detect(rows, lives, 0.8, 1.0).detected()).isZero();
        }

        @Test
        void shouldCountAnAlertBeforeTheOnsetAsAlertedWhileHealthyAndNotAsADetection() {
            Map<Integer, List<double[]>> rows = Map.of(
                    0, List.of(new double[] {2 * HOUR, 8, 0.95}, new double[] {5 * HOUR, 5, 0.1}),
                    1, List.of(new double[] {2 * HOUR, 8, 0.95}));

            ArchiveTrainer.Detection d = ArchiveTrainer.detect(rows, lives, 0.8, Double.NEGATIVE_INFINITY);

            // pump-1: alert before its onset only; pump-2 has no recorded onset, so its alert 8 h ahead counts.
            assertThat(d.lives()).isEqualTo(2);
            assertThat(d.detected()).isEqualTo(1);
            assertThat(d.leadsHours()).containsExactly(8.0);
            assertThat(d.withOnset()).isEqualTo(1);
            assertThat(d.alertedHealthy()).isEqualTo(1);
        }

        @Test
        void shouldTakeTheMiddleOfAnEvenNumberOfLeadTimes() {
            Map<Integer, List<double[]>> rows = Map.of(
                    0, List.of(new double[] {8 * HOUR, 2, 0.9}),
                    1, List.of(new double[] {5 * HOUR, 5, 0.9}));

            assertThat(ArchiveTrainer.detect(rows, lives, 0.8, Double.NEGATIVE_INFINITY).medianLeadHours()).isEqualTo(3.5);
        }
    }

    @Nested
    @DisplayName("options")
    class Options {

        private ArchiveTrainer.Options with(List<String> statistics, Duration horizon, Duration cap, double holdout) {
            return new ArchiveTrainer.Options("a", Path.of("f.csv"), Set.of(), null, Candidate.parseAll("rf:depth=3"), 2, 1,
                    List.of(10), statistics, horizon, cap, holdout, Candidate.parse("rf:depth=3"));
        }

        @Test
        void shouldRefuseStatisticsOfTheWholeLifeWhichTheStreamCannotReplay() {
            assertThatThrownBy(() -> with(List.of("mean", "ewm"), Duration.ofHours(1), Duration.ofHours(5), 0.25))
                    .hasMessageContaining("--statistics").hasMessageContaining("ewm");
        }

        @Test
        void shouldRefuseACapThatIsNotAboveTheHorizon() {
            assertThatThrownBy(() -> with(List.of("mean"), Duration.ofHours(5), Duration.ofHours(5), 0.25))
                    .hasMessageContaining("--rul-cap");
        }

        @Test
        void shouldRefuseAHoldoutOutsideItsRange() {
            assertThatThrownBy(() -> with(List.of("mean"), Duration.ofHours(1), Duration.ofHours(5), 0.95))
                    .hasMessageContaining("--holdout");
        }

        @Test
        void shouldGiveHorizonAndCapInHours() {
            ArchiveTrainer.Options o = with(List.of("mean"), Duration.ofMinutes(30), Duration.ofDays(2), 0.25);
            assertThat(o.horizonHours()).isEqualTo(0.5);
            assertThat(o.capHours()).isEqualTo(48.0);
        }
    }
}
