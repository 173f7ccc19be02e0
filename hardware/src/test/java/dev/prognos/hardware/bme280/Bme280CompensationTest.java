package dev.prognos.hardware.bme280;

import static dev.prognos.hardware.bme280.Bme280Fixtures.DATASHEET;
import static dev.prognos.hardware.bme280.Bme280Fixtures.DATASHEET_ADC_P;
import static dev.prognos.hardware.bme280.Bme280Fixtures.DATASHEET_ADC_T;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.prognos.hardware.bme280.internal.Bme280Calibration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Bme280CompensationTest {

    @Nested
    @DisplayName("the datasheet's worked example (adc_T 519888, adc_P 415148)")
    class DatasheetExample {

        private final int tFine = DATASHEET.tFine(DATASHEET_ADC_T);

        @Test
        void shouldGiveTheDatasheetsFineTemperature() {
            assertThat(tFine).isEqualTo(128422);
        }

        @Test
        void shouldGive25Point08DegreesCelsius() {
            assertThat(Bme280Calibration.temperatureCentiC(tFine)).isEqualTo(2508);
        }

        @Test
        void shouldGive100653PascalToWithinTheIntegerResolution() {
            // The datasheet's floating-point result is 100653.27 Pa; the 64-bit integer formula
            // resolves 1/256 Pa and agrees to a few hundredths.
            assertThat(DATASHEET.pressureQ24_8(DATASHEET_ADC_P, tFine) / 256.0).isCloseTo(100653.27, within(0.05));
        }
    }

    @ParameterizedTest(name = "adc_H {0}")
    @CsvSource({"21000", "25000", "29800", "35000", "38000", "40000"})
    void shouldAgreeWithTheDatasheetsFloatingPointHumidityFormula(int adcH) {
        int tFine = DATASHEET.tFine(DATASHEET_ADC_T);
        double integer = DATASHEET.humidityQ22_10(adcH, tFine) / 1024.0;
        assertThat(integer).isCloseTo(floatingPointHumidity(DATASHEET, adcH, tFine), within(0.05));
    }

    @ParameterizedTest(name = "adc_H {0} -> {1} %RH")
    @CsvSource({"0, 0.0", "65535, 100.0"})
    void shouldClampHumidityToZeroAndOneHundredPercent(int adcH, double expected) {
        int tFine = DATASHEET.tFine(DATASHEET_ADC_T);
        assertThat(DATASHEET.humidityQ22_10(adcH, tFine) / 1024.0).isEqualTo(expected);
    }

    @Test
    void shouldReturnZeroPressureInsteadOfDividingByZeroWhenDigP1IsZero() {
        Bme280Calibration broken = new Bme280Calibration(27504, 26435, -1000,
                0, -10685, 3024, 2855, 140, -7, 15500, -14600, 6000, 75, 362, 0, 324, 50, 30);
        assertThat(broken.pressureQ24_8(DATASHEET_ADC_P, 128422)).isZero();
    }

    @ParameterizedTest(name = "H4 {0}, H5 {1}, H6 {2}")
    @CsvSource({
            "324, 50, 30",
            "-1, -1, -1",
            "2047, -2048, 127",
            "-2048, 2047, -128"})
    void shouldDecodeTheSharedTwelveBitHumidityTrimValuesWithTheirSign(int h4, int h5, int h6) {
        Bme280Calibration c = new Bme280Calibration(27504, 26435, -1000,
                36477, -10685, 3024, 2855, 140, -7, 15500, -14600, 6000, 255, -300, 200, h4, h5, h6);
        assertThat(Bme280Calibration.parse(Bme280Fixtures.block1(c), Bme280Fixtures.block2(c))).isEqualTo(c);
    }

    @Test
    void shouldDecodeUnsignedT1AndP1AboveThirtyTwoThousand() {
        Bme280Calibration c = new Bme280Calibration(65000, -32768, 32767,
                40000, 1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0, 0, 0);
        assertThat(Bme280Calibration.parse(Bme280Fixtures.block1(c), Bme280Fixtures.block2(c))).isEqualTo(c);
    }

    @Test
    void shouldDecodeTwentyBitAdcValuesFromTheDataRegisters() {
        Bme280Calibration.Raw raw = Bme280Calibration.Raw.parse(Bme280Fixtures.data(DATASHEET_ADC_T, DATASHEET_ADC_P, 29800));
        assertThat(raw).isEqualTo(new Bme280Calibration.Raw(DATASHEET_ADC_T, DATASHEET_ADC_P, 29800));
    }

    /** BST-BME280-DS002 §8.1, the floating-point humidity compensation, as an independent check. */
    private static double floatingPointHumidity(Bme280Calibration c, int adcH, int tFine) {
        double h = tFine - 76800.0;
        h = (adcH - (c.digH4() * 64.0 + c.digH5() / 16384.0 * h))
                * (c.digH2() / 65536.0 * (1.0 + c.digH6() / 67108864.0 * h * (1.0 + c.digH3() / 67108864.0 * h)));
        h = h * (1.0 - c.digH1() * h / 524288.0);
        return Math.max(0.0, Math.min(100.0, h));
    }
}
