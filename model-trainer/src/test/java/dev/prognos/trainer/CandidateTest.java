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
            "rf:trees=0            | at least 1",
            "rf:subset=half        | subset must be auto, all, onethird, sqrt, log2 or a fraction",
            "rf:subset=1.5         | subset must be",
            "rf:depth=3+           | at least two plain learners",
            "rf:depth=3+gbt:speed=1 | unknown key 'speed'"})
    void shouldRefuseABadCandidateNamingIt(String text, String message) {
        assertThatThrownBy(() -> Candidate.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void shouldParseAFeatureSubsetAndPrintItBack() {
        Candidate c = Candidate.parse("rf:depth=16,trees=100,leaf=5,subset=sqrt");
        assertThat(c.features()).isEqualTo("sqrt");
        assertThat(c.rf(1).getFeatureSubsetStrategy()).isEqualTo("sqrt");
        assertThat(c).hasToString("rf:depth=16,trees=100,leaf=5,subset=sqrt");
        assertThat(Candidate.parse("rf:depth=3").rf(1).getFeatureSubsetStrategy()).isEqualTo("onethird");
        assertThat(Candidate.parse("gbt:depth=3").gbt(1).getFeatureSubsetStrategy()).isEqualTo("all");
        assertThat(Candidate.parse("gbt:depth=3,subset=0.5").gbt(1).getFeatureSubsetStrategy()).isEqualTo("0.5");
    }

    @Test
    void shouldParseAnAverageOfLearnersAndPrintItBack() {
        String text = "rf:depth=14,trees=40,leaf=10+gbt:depth=5,trees=60,step=0.15,leaf=20,subset=sqrt";
        Candidate avg = Candidate.parse(text);
        assertThat(avg.algorithm()).isEqualTo("avg");
        assertThat(avg.members()).containsExactly(new Candidate("rf", 14, 40, 0.1, 10),
                new Candidate("gbt", 5, 60, 0.15, 20, java.util.List.of(), "sqrt"));
        assertThat(avg.trees()).isEqualTo(100);
        assertThat(avg).hasToString(text);
        assertThat(Candidate.parseAll("rf:depth=3;" + text)).containsExactly(Candidate.parse("rf:depth=3"), avg);
    }

    @Test
    void shouldParseSeveralAndPrintThemBack() {
        assertThat(Candidate.parseAll(TrainCli.DEFAULT_GRID).stream().map(Candidate::toString).toList())
                .containsExactly(TrainCli.DEFAULT_GRID.split(";"));
        assertThat(Candidate.parseAll(TrainCli.ARCHIVE_DEFAULT_GRID).stream().map(Candidate::toString).toList())
                .containsExactly(TrainCli.ARCHIVE_DEFAULT_GRID.split(";"));
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
