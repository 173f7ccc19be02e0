package dev.prognos.core.features.vibration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VibrationBandTest {

    @ParameterizedTest(name = "{0}-{1} Hz → {2}")
    @CsvSource({
            "10,   100,  vib_band_10_100_hz_rms_m_s2",
            "100,  1000, vib_band_100_1000_hz_rms_m_s2",
            "24.5, 49,   vib_band_24p5_49_hz_rms_m_s2",
            "0,    10,   vib_band_0_10_hz_rms_m_s2",
    })
    void shouldNameTheReadingWithItsEdgesAndUnit(double low, double high, String name) {
        assertThat(new VibrationBand(low, high).readingName()).isEqualTo(name);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @CsvSource(delimiter = '|', value = {
            "100-1000     | 100  | 1000",
            " 24.5 - 49   | 24.5 | 49",
            "0-10         | 0    | 10",
    })
    void shouldParseLowDashHigh(String text, double low, double high) {
        assertThat(VibrationBand.parse(text)).isEqualTo(new VibrationBand(low, high));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @CsvSource(delimiter = '|', value = {
            "100          | band must be \"<lowHz>-<highHz>\"",
            "a-b          | got \"a-b\"",
            "100-1000-2   | got \"100-1000-2\"",
            "1000-100     | band upper edge must be a finite frequency above the lower edge 1000.0 Hz, got 100.0",
            "50-50        | band upper edge must be a finite frequency above the lower edge",
    })
    void shouldRefuseWhatIsNotABand(String text, String message) {
        assertThatThrownBy(() -> VibrationBand.parse(text))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    @ParameterizedTest(name = "{0}-{1}")
    @CsvSource({"-1, 10", "NaN, 10", "10, Infinity"})
    void shouldRefuseEdgesThatAreNotFrequencies(double low, double high) {
        assertThatThrownBy(() -> new VibrationBand(low, high)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("band");
    }
}
