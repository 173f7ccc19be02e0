package dev.prognos.simulators.chips;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.prognos.hardware.SensorException;
import dev.prognos.hardware.bme280.Bme280;
import dev.prognos.hardware.bme280.Bme280Config;
import dev.prognos.hardware.bme280.Bme280Reading;
import dev.prognos.simulators.pi4j.SimulatedBoard;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The hardware module's real BME280 driver, through Pi4J, on the simulated chip. */
class Bme280ChipTest {

    @ParameterizedTest(name = "{0} °C, {1} Pa, {2} %RH")
    @CsvSource({
            "25.08, 100653.27, 45.0",
            "-10.5, 95000.0, 10.0",
            "42.37, 101325.0, 55.5",
            "85.0, 110000.0, 90.0"})
    void shouldGiveTheDriverTheEnvironmentsValuesToItsResolution(double c, double pa, double pct) {
        Bme280Chip chip = new Bme280Chip(now -> new Bme280Chip.Environment(c, pa, pct), System::nanoTime);
        try (SimulatedBoard board = SimulatedBoard.builder().i2c(1, 0x76, chip).build();
             Bme280 bme = new Bme280(board.context(), 1, 0x76)) {
            Bme280Reading r = bme.read();
            assertThat(r.temperatureC()).isCloseTo(c, within(0.011));
            // One step of the 20-bit pressure ADC is about 0.18 Pa (datasheet: resolution 0.18 Pa).
            assertThat(r.pressurePa()).isCloseTo(pa, within(0.2));
            // One step of the 16-bit humidity ADC is about 0.008-0.011 %RH here.
            assertThat(r.humidityPercent()).isCloseTo(pct, within(0.015));
        }
    }

    @Test
    void shouldFollowTheEnvironmentFromOneForcedMeasurementToTheNext() {
        AtomicReference<Double> temperature = new AtomicReference<>(40.0);
        Bme280Chip chip = new Bme280Chip(now -> new Bme280Chip.Environment(temperature.get(), 101_325, 40), System::nanoTime);
        try (SimulatedBoard board = SimulatedBoard.builder().i2c(1, 0x77, chip).build();
             Bme280 bme = new Bme280(board.context(), 1, 0x77)) {
            assertThat(bme.read().temperatureC()).isEqualTo(40.0);
            temperature.set(61.25);
            assertThat(bme.read().temperatureC()).isEqualTo(61.25);
        }
    }

    @Test
    void shouldReadSkippedQuantitiesAsNaNWhenOversamplingIsOff() {
        Bme280Chip chip = new Bme280Chip(now -> new Bme280Chip.Environment(30, 100_000, 50), System::nanoTime);
        Bme280Config tempOnly = new Bme280Config(Bme280Config.Oversampling.X1, Bme280Config.Oversampling.SKIP,
                Bme280Config.Oversampling.SKIP, Bme280Config.Filter.OFF, Bme280Config.Mode.FORCED, Bme280Config.Standby.MS_1000);
        try (SimulatedBoard board = SimulatedBoard.builder().i2c(1, 0x76, chip).build();
             Bme280 bme = new Bme280(board.context(), 1, 0x76, tempOnly)) {
            Bme280Reading r = bme.read();
            assertThat(r.temperatureC()).isEqualTo(30.0);
            assertThat(r.pressurePa()).isNaN();
            assertThat(r.humidityPercent()).isNaN();
        }
    }

    @Test
    void shouldLetTheDriverNameBusAndAddressWhenNoChipAnswers() {
        try (SimulatedBoard board = SimulatedBoard.builder().build()) {
            assertThatThrownBy(() -> new Bme280(board.context(), 1, 0x76))
                    .isInstanceOf(SensorException.class)
                    .hasMessageContaining("I2C bus 1 at 0x76");
        }
    }
}
