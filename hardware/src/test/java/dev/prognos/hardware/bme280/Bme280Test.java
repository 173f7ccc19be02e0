package dev.prognos.hardware.bme280;

import static dev.prognos.hardware.bme280.Bme280Fixtures.DATASHEET;
import static dev.prognos.hardware.bme280.Bme280Fixtures.DATASHEET_ADC_P;
import static dev.prognos.hardware.bme280.Bme280Fixtures.DATASHEET_ADC_T;
import static dev.prognos.hardware.bme280.Bme280Fixtures.chip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.prognos.hardware.SensorException;
import dev.prognos.hardware.bme280.Bme280Config.Filter;
import dev.prognos.hardware.bme280.Bme280Config.Mode;
import dev.prognos.hardware.bme280.Bme280Config.Oversampling;
import dev.prognos.hardware.bme280.Bme280Config.Standby;
import dev.prognos.hardware.bme280.internal.Bme280Registers;
import org.junit.jupiter.api.Test;

/** The driver's register protocol against an auto-incrementing register map. */
class Bme280Test {

    @Test
    void shouldReadTheCalibrationAndReturnCompensatedValues() {
        RegisterMap chip = chip(DATASHEET, DATASHEET_ADC_T, DATASHEET_ADC_P, 29800);
        try (Bme280 bme = new Bme280(chip, Bme280Config.DEFAULT)) {
            assertThat(bme.calibration()).isEqualTo(DATASHEET);
            Bme280Reading r = bme.read();
            assertThat(r.temperatureC()).isEqualTo(25.08);
            assertThat(r.pressurePa()).isCloseTo(100653.27, within(0.05));
            assertThat(r.humidityPercent()).isBetween(45.0, 55.0);
            assertThat(r.toReadings()).containsOnlyKeys(
                    Bme280Reading.TEMPERATURE, Bme280Reading.PRESSURE, Bme280Reading.HUMIDITY);
        }
    }

    @Test
    void shouldResetThenConfigureHumidityBeforeCtrlMeasWhenInitialised() {
        RegisterMap chip = chip(DATASHEET, DATASHEET_ADC_T, DATASHEET_ADC_P, 29800);
        Bme280Config config = new Bme280Config(Oversampling.X2, Oversampling.X16, Oversampling.X4,
                Filter.X16, Mode.NORMAL, Standby.MS_62_5);
        try (Bme280 ignored = new Bme280(chip, config)) {
            assertThat(chip.writes.get(0)).isEqualTo(new RegisterMap.Write(Bme280Registers.RESET, 0xB6));
            int lastHum = chip.writes.lastIndexOf(new RegisterMap.Write(Bme280Registers.CTRL_HUM, 0b011));
            int lastMeas = chip.writes.size() - 1;
            assertThat(lastHum).as("ctrl_hum written, then ctrl_meas (it latches ctrl_hum)").isPositive().isLessThan(lastMeas);
            assertThat(chip.writes.get(lastMeas)).isEqualTo(
                    new RegisterMap.Write(Bme280Registers.CTRL_MEAS, (0b010 << 5) | (0b101 << 2) | 0b11));
            assertThat(chip.lastWrite(Bme280Registers.CONFIG)).isEqualTo((0b001 << 5) | (0b100 << 2));
        }
    }

    @Test
    void shouldStartAForcedMeasurementOnEachReadInForcedMode() {
        RegisterMap chip = chip(DATASHEET, DATASHEET_ADC_T, DATASHEET_ADC_P, 29800);
        try (Bme280 bme = new Bme280(chip, Bme280Config.DEFAULT)) {
            chip.writes.clear();
            bme.read();
            assertThat(chip.writes).containsExactly(
                    new RegisterMap.Write(Bme280Registers.CTRL_MEAS, (0b001 << 5) | (0b001 << 2) | 0b01));
        }
    }

    @Test
    void shouldReportNaNForSkippedPressureAndHumidity() {
        RegisterMap chip = chip(DATASHEET, DATASHEET_ADC_T, Bme280Registers.SKIPPED_20BIT, Bme280Registers.SKIPPED_16BIT);
        Bme280Config config = new Bme280Config(Oversampling.X1, Oversampling.SKIP, Oversampling.SKIP,
                Filter.OFF, Mode.FORCED, Standby.MS_1000);
        try (Bme280 bme = new Bme280(chip, config)) {
            Bme280Reading r = bme.read();
            assertThat(r.temperatureC()).isEqualTo(25.08);
            assertThat(r.pressurePa()).isNaN();
            assertThat(r.humidityPercent()).isNaN();
            assertThat(r.toReadings()).containsOnlyKeys(Bme280Reading.TEMPERATURE);
        }
    }

    @Test
    void shouldFailNamingTheStepWhenAForcedMeasurementNeverFinishes() {
        RegisterMap chip = chip(DATASHEET, DATASHEET_ADC_T, DATASHEET_ADC_P, 29800);
        try (Bme280 bme = new Bme280(chip, Bme280Config.DEFAULT)) {
            chip.set(Bme280Registers.STATUS, (byte) Bme280Registers.STATUS_MEASURING);
            assertThatThrownBy(bme::read).isInstanceOf(SensorException.class)
                    .hasMessageContaining("forced measurement did not finish");
        }
    }

    @Test
    void shouldCloseTheDeviceWhenTheChipIdIsWrong() {
        RegisterMap chip = chip(DATASHEET, DATASHEET_ADC_T, DATASHEET_ADC_P, 29800)
                .set(Bme280Registers.CHIP_ID, (byte) 0x58);
        assertThatThrownBy(() -> new Bme280(chip, Bme280Config.DEFAULT)).isInstanceOf(SensorException.class)
                .hasMessageContaining("0x58").hasMessageContaining("BMP280");
        assertThat(chip.closed).isTrue();
        assertThat(chip.writes).as("nothing written to a foreign chip").isEmpty();
    }

    @Test
    void shouldRefuseToSkipTemperature() {
        assertThatThrownBy(() -> new Bme280Config(Oversampling.SKIP, Oversampling.X1, Oversampling.X1,
                Filter.OFF, Mode.FORCED, Standby.MS_1000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("temperature");
    }

    @Test
    void shouldBoundTheForcedMeasurementTimeAsTheDatasheetDoes() {
        // §9.1: 1.25 + 2.3·1 + (2.3·1 + 0.575) + (2.3·1 + 0.575) = 9.3 ms for ×1/×1/×1.
        assertThat(Bme280Config.DEFAULT.maxMeasurementMicros()).isEqualTo(9300);
    }
}
