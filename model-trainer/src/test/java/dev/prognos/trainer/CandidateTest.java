package dev.prognos.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CandidateTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "gbt:depth=5,trees=150,step=0.05,leaf=20 | gbt | 5  | 150 | 0.05 | 20",
            "rf:depth=12,trees=200,leaf=5            | rf  | 12 | 200 | 0.1  | 5",
            "rf                                      | rf  | 5  | 100 | 0.1  | 1"})
    void shouldParseACandidate(String text, String alg, int depth, int trees, double step, int leaf) {
        assertThat(Candidate.parse(text)).isEqualTo(new Candidate(alg, depth, trees, step, leaf));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            "xgb:depth=3           | algorithm must be gbt or rf",
            "gbt:depth=x           | is not a number",
            "gbt:speed=3           | unknown key 'speed'",
            "gbt:depth             | expected key=value",
            "gbt:step=1.5          | step in (0, 1]",
            "rf:trees=0            | at least 1"})
    void shouldRefuseABadCandidateNamingIt(String text, String message) {
        assertThatThrownBy(() -> Candidate.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void shouldParseSeveralAndPrintThemBack() {
        assertThat(Candidate.parseAll(TrainCli.DEFAULT_GRID).stream().map(Candidate::toString).toList())
                .containsExactly(TrainCli.DEFAULT_GRID.split(";"));
    }

    @Test
    void shouldScorePhm08AsTheChallengeDefinesIt() {
        // 13 cycles early costs e - 1; 10 cycles late costs e - 1 too; exact costs nothing.
        assertThat(Scores.phm08(new double[] {87, 110, 50}, new double[] {100, 100, 50}))
                .isCloseTo(2 * (Math.E - 1), within(1e-12));
        assertThat(Scores.rmse(new double[] {3, 0}, new double[] {0, 4})).isCloseTo(Math.sqrt(12.5), within(1e-12));
        assertThat(Scores.capped(new double[] {200, 30})).containsExactly(125, 30);
    }
}
