package dev.prognos.hardware.ina219;

import static dev.prognos.hardware.ina219.internal.Ina219Registers.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.prognos.hardware.SensorException;
import dev.prognos.hardware.ina219.internal.Ina219Calibration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Ina219Test {

    /**
     * The datasheet's example circuit (§9.2): 10 A through a 2 mΩ shunt from a 12 V supply, with
     * a 1 mA current LSB (max expected 32.768 A = 2¹⁵ × 1 mA), so Cal = 0.04096 / (0.001 × 0.002) = 20480.
     */
    private static final Ina219Options DATASHEET_CIRCUIT = new Ina219Options(0.002, 32.768, 16);

    @ParameterizedTest(name = "{0} Ω, up to {1} A: Cal {2}, {3} µA/LSB, PG {4}")
    @CsvSource({
            // shunt Ω, max A, calibration, current LSB µA, PG bits (±40/80/160/320 mV)
            "0.002, 32.768, 20480, 1000.0,    1",  // datasheet example: 65.5 mV max drop
            "0.1,   3.2,    4194,  97.6633,   3",  // common 0.1 Ω breakout at 320 mV
            "0.1,   0.4,    33554, 12.20719,  0",  // 40 mV range
            "0.1,   1.0,    13420, 30.52161,  2",  // 100 mV → 160 mV range; trunc(13421.77) is odd, bit 0 is void
            "0.01,  0.5,    65534, 62.50191,  0"}) // 5 mV drop: 2¹⁵ LSBs would overflow Cal, so the LSB is raised
    void shouldCalibrateAsTheDatasheetsEquationsDo(double ohms, double amps, int cal, double lsbMicroA, int pga) {
        Ina219Calibration c = Ina219Calibration.of(new Ina219Options(ohms, amps, 32));
        assertThat(c.calibration()).isEqualTo(cal);
        assertThat(c.currentLsbA() * 1e6).isCloseTo(lsbMicroA, within(1e-4));
        assertThat(c.powerLsbW()).isCloseTo(20 * c.currentLsbA(), within(1e-12));
        assertThat(c.pgaBits()).isEqualTo(pga);
    }

    @Test
    void shouldRefuseACircuitBeyondTheShuntRange() {
        assertThatThrownBy(() -> new Ina219Options(0.1, 4, 32)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0.4000 V").hasMessageContaining("±0.32 V");
        assertThatThrownBy(() -> new Ina219Options(0.1, 1, 24)).hasMessageContaining("16 or 32 V");
        assertThatThrownBy(() -> new Ina219Options(0, 1, 32)).hasMessageContaining("shunt must be > 0");
    }

    @Test
    void shouldResetCalibrateAndConfigureThenReadTheDatasheetExample() {
        Ina219Chip chip = new Ina219Chip().measure(2000, 3000); // 20.00 mV across the shunt, 12.000 V bus
        try (Ina219 ina = new Ina219(chip, DATASHEET_CIRCUIT, "motor_")) {
            assertThat(chip.writes.get(0)).containsExactly(CONFIG, 0x8000);
            assertThat(chip.registers[CALIBRATION]).isEqualTo(20480);
            // 16 V range, ±80 mV, 12-bit bus and shunt, continuous: 0 0 0 01 0011 0011 111
            assertThat(chip.registers[CONFIG]).isEqualTo(0b0000_1001_1001_1111);

            Ina219Reading r = ina.read();
            assertThat(r.shuntVoltageV()).isCloseTo(0.020, within(1e-9));
            assertThat(r.busVoltageV()).isCloseTo(12.0, within(1e-9));
            assertThat(r.currentA()).as("Current register 10000 × 1 mA").isCloseTo(10.0, within(1e-9));
            assertThat(r.powerW()).as("Power register 6000 × 20 mW").isCloseTo(120.0, within(1e-9));
            assertThat(ina.readings()).containsOnlyKeys("motor_current_a", "motor_voltage_v", "motor_power_w");
        }
        assertThat(chip.registers[CONFIG] & 0b111).as("powered down on close").isZero();
        assertThat(chip.closed).isTrue();
    }

    @Test
    void shouldReadNegativeCurrentWhenItFlowsBack() {
        Ina219Chip chip = new Ina219Chip().measure(-1500, 3000);
        try (Ina219 ina = new Ina219(chip, DATASHEET_CIRCUIT, "")) {
            assertThat(ina.read().currentA()).isCloseTo(-7.5, within(1e-9));
            assertThat(ina.read().shuntVoltageV()).isCloseTo(-0.015, within(1e-9));
        }
    }

    @ParameterizedTest(name = "config reads 0x{0} after reset")
    @CsvSource({"0000, nothing answering", "FFFF, nothing answering", "1234, another chip"})
    void shouldRefuseADeviceThatDoesNotResetLikeAnIna219(String foundHex, String hint) {
        Ina219Chip chip = new Ina219Chip();
        chip.configAfterReset = Integer.parseInt(foundHex, 16);
        assertThatThrownBy(() -> new Ina219(chip, Ina219Options.DEFAULT, "motor_")).isInstanceOf(SensorException.class)
                .hasMessageContaining("test INA219").hasMessageContaining("no chip id")
                .hasMessageContaining("should read 0x399F, but reads 0x" + foundHex).hasMessageContaining(hint);
        assertThat(chip.closed).isTrue();
    }

    @Test
    void shouldFailOnAMathOverflowRatherThanReportAWrongCurrent() {
        Ina219Chip chip = new Ina219Chip().measure(2000, 3000);
        try (Ina219 ina = new Ina219(chip, DATASHEET_CIRCUIT, "motor_")) {
            chip.registers[BUS_VOLTAGE] |= BUS_VOLTAGE_OVF;
            assertThatThrownBy(ina::read).isInstanceOf(SensorException.class)
                    .hasMessageContaining("math overflow").hasMessageContaining("32.768 A");
        }
    }
}
