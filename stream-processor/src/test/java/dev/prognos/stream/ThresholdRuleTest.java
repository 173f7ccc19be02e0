package dev.prognos.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ThresholdRuleTest {

    @ParameterizedTest(name = "{0} x {1} -> clear below {2}, condition {3}")
    @CsvSource({
            "7.1,  0.9, 6.39,  vib_rms_mm_s>=7.1",
            "4.5,  0.5, 2.25,  vib_rms_mm_s>=4.5",
            "11.0, 0.9, 9.9,   vib_rms_mm_s>=11",
            "0.3,  0.7, 0.21,  vib_rms_mm_s>=0.3"})
    void shouldComputeTheClearLevelAndConditionInDecimal(double threshold, double ratio, double clearLevel, String condition) {
        ThresholdRule rule = ThresholdRule.of("vib_rms_mm_s", threshold, ratio);

        assertThat(rule.clearLevel()).isEqualTo(clearLevel);
        assertThat(rule.condition()).isEqualTo(condition);
    }

    @ParameterizedTest(name = "{0} mm/s: fires {1}, clears {2}")
    @CsvSource({
            "7.2,  true,  false",
            "7.1,  true,  false",
            "7.09, false, false",
            "6.39, false, false",
            "6.38, false, true"})
    void shouldFireAtOrAboveThresholdAndClearOnlyBelowClearLevel(double value, boolean fires, boolean clears) {
        ThresholdRule rule = ThresholdRule.of("vib_rms_mm_s", 7.1, 0.9);

        assertThat(rule.fires(value)).isEqualTo(fires);
        assertThat(rule.clears(value)).isEqualTo(clears);
    }

    @Test
    void shouldDescribeItselfForTheStartLine() {
        assertThat(ThresholdRule.of("vib_rms_mm_s", 7.1, 0.9).describe()).isEqualTo("vib_rms_mm_s>=7.1, re-arms below 6.39");
    }

    @Test
    void shouldRefuseAClearLevelNotBelowTheThreshold() {
        assertThatThrownBy(() -> new ThresholdRule("vib_rms_mm_s", 7.1, 7.1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be finite and below the threshold 7.1");
    }
}
