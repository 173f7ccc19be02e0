package dev.prognos.core.features.vibration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BurstOptionsTest {

    @Test
    void shouldDefaultToTheIsoVelocityBandAndThePumpBands() {
        BurstOptions options = BurstOptions.defaults(10000, 10000);

        assertThat(options.velocityLowHz()).isEqualTo(10);
        assertThat(options.velocityHighHz()).isEqualTo(1000);
        assertThat(options.effectiveVelocityHighHz()).isEqualTo(1000);
        assertThat(options.bands()).containsExactlyElementsOf(VibrationBand.PUMP_DEFAULTS);
        assertThat(options.durationS()).isEqualTo(1.0);
    }

    @ParameterizedTest(name = "{0} Hz → {1}")
    @CsvSource(delimiter = '|', value = {
            "1000  | 10-100 Hz, 100-500 Hz",
            "2000  | 10-100 Hz, 100-1000 Hz",
            "3200  | 10-100 Hz, 100-1000 Hz, 1000-1600 Hz",   // ADXL345 at its highest output data rate
            "3125  | 10-100 Hz, 100-1000 Hz, 1000-1562p5 Hz",
            "4000  | 10-100 Hz, 100-1000 Hz, 1000-2000 Hz",
            "12800 | 10-100 Hz, 100-1000 Hz, 1000-5000 Hz",
            "150   | 10-75 Hz",
    })
    void shouldCapDefaultBandsAtNyquist(double rateHz, String expected) {
        BurstOptions options = BurstOptions.defaults(rateHz, (int) rateHz);

        assertThat(options.bands()).extracting(VibrationBand::toString).containsExactly(expected.split(", "));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "rate 0            | 0     | 1000 | 10  | 1000 | sampleRateHz must be a finite rate above 0 Hz, got 0.0",
            "rate negative     | -5    | 1000 | 10  | 1000 | sampleRateHz must be a finite rate above 0 Hz, got -5.0",
            "rate NaN          | NaN   | 1000 | 10  | 1000 | sampleRateHz must be a finite rate above 0 Hz, got NaN",
            "too short         | 1000  | 399  | 10  | 1000 | length must be at least 400 samples",
            "empty             | 1000  | 0    | 10  | 1000 | length must be at least 400 samples",
            "velocity low 0    | 1000  | 1000 | 0   | 1000 | velocityLowHz must be a finite frequency above 0 Hz, got 0.0",
            "velocity inverted | 1000  | 1000 | 100 | 50   | velocityHighHz must be a finite frequency above velocityLowHz 100.0 Hz, got 50.0",
            "velocity past Nyq | 100   | 1000 | 60  | 1000 | velocityLowHz 60.0 Hz must lie below the Nyquist frequency 50.0 Hz",
    })
    void shouldRefuseBadSettingsNamingThem(String what, double rate, int length, double low, double high, String message) {
        assertThatThrownBy(() -> new BurstOptions(rate, length, low, high, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    @Test
    void shouldRefuseAnExplicitBandPastNyquist() {
        assertThatThrownBy(() -> BurstOptions.defaults(1000, 1000).withBands(List.of(new VibrationBand(100, 1000))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("band 100-1000 Hz reaches past the Nyquist frequency 500.0 Hz");
    }

    @Test
    void shouldRefuseARepeatedBand() {
        assertThatThrownBy(() -> BurstOptions.defaults(1000, 1000)
                .withBands(List.of(new VibrationBand(10, 100), new VibrationBand(10, 100))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not repeat a band");
    }

    @Test
    void shouldRefuseADefaultRateThatIsNotARate() {
        assertThatThrownBy(() -> BurstOptions.defaults(-1, 1000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sampleRateHz");
    }

    @Test
    void shouldKeepBandsInTheGivenOrder() {
        List<VibrationBand> bands = List.of(new VibrationBand(200, 400), new VibrationBand(20, 30));

        assertThat(BurstOptions.defaults(1000, 1000).withBands(bands).bands()).containsExactlyElementsOf(bands);
    }
}
