package dev.prognos.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelConditionsTest {

    @Test
    void shouldNameTheConditionsWithThePlainLimit() {
        assertThat(ModelConditions.rulBelow(30.0)).isEqualTo("rul<30");
        assertThat(ModelConditions.rulBelow(12.5)).isEqualTo("rul<12.5");
        assertThat(ModelConditions.probabilityAtLeast(0.50)).isEqualTo("failure_probability>=0.5");
    }

    @ParameterizedTest(name = "rul {0}, horizon 30, open {1}: holds {2}")
    @CsvSource({
            "29.9,  false, true",
            "30,    false, false",  // at the horizon: not below it
            "31,    true,  true",   // open: clears only at 30 / 0.9 = 33.3
            "33.4,  true,  false",
    })
    void shouldHoldRulBelowTheHorizonAndClearOnlyPastItByTheRatio(double rul, boolean open, boolean holds) {
        assertThat(ModelConditions.rulHolds(rul, 30, open, 0.9)).isEqualTo(holds);
    }

    @ParameterizedTest(name = "p {0}, threshold 0.5, open {1}: holds {2}")
    @CsvSource({
            "0.5,   false, true",   // at the threshold: holds
            "0.49,  false, false",
            "0.46,  true,  true",   // open: clears only below 0.5 × 0.9 = 0.45
            "0.44,  true,  false",
    })
    void shouldHoldProbabilityAtTheThresholdAndClearOnlyBelowItByTheRatio(double p, boolean open, boolean holds) {
        assertThat(ModelConditions.probabilityHolds(p, 0.5, open, 0.9)).isEqualTo(holds);
    }
}
