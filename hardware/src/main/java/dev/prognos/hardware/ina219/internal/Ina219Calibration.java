package dev.prognos.hardware.ina219.internal;

import dev.prognos.hardware.ina219.Ina219Options;

/**
 * The calibration the datasheet's §8.5.1 derives from the circuit, and the scaling it implies.
 *
 * @param calibration the calibration register value (even: bit 0 is void)
 * @param currentLsbA amperes per LSB of the current register, as the chip applies it with this
 *                    calibration: 0.04096 / (calibration × R_shunt)
 * @param pgaBits     PG bits: the smallest shunt range (±40, 80, 160, 320 mV) holding the max expected drop
 */
public record Ina219Calibration(int calibration, double currentLsbA, int pgaBits) {

    /** The chip's fixed scaling constant in equation 1: Cal = trunc(0.04096 / (Current_LSB × R_shunt)). */
    public static final double SCALE = 0.04096;
    /** Largest calibration register value (bit 0 void). */
    public static final int MAX_CALIBRATION = 0xFFFE;
    private static final double[] PGA_RANGE_V = {0.04, 0.08, 0.16, 0.32};

    /** Power LSB in W: 20 × the current LSB (equation 3). */
    public double powerLsbW() {
        return Ina219Registers.POWER_LSB_PER_CURRENT_LSB * currentLsbA;
    }

    /** Full-scale shunt voltage of the PGA setting, in V. */
    public double shuntRangeV() {
        return PGA_RANGE_V[pgaBits];
    }

    /**
     * Equation 2 gives the finest current LSB (max expected / 2¹⁵); equation 1 the calibration. Where
     * that calibration would not fit 16 bits (a small drop across the shunt), the LSB is raised
     * until it does.
     */
    public static Ina219Calibration of(Ina219Options circuit) {
        double r = circuit.shuntOhms();
        double lsb = Math.max(circuit.maxExpectedAmps() / 32768.0, SCALE / (MAX_CALIBRATION * r));
        // 1e-9 keeps values that are exact on paper (0.04096 / (0.001 × 0.002) = 20480) from truncating to one less.
        int cal = (int) Math.min(MAX_CALIBRATION, Math.floor(SCALE / (lsb * r) * (1 + 1e-9))) & ~1;
        double dropV = circuit.maxExpectedAmps() * r;
        int pga = 0;
        while (pga < PGA_RANGE_V.length - 1 && PGA_RANGE_V[pga] < dropV - 1e-12) {
            pga++;
        }
        return new Ina219Calibration(cal, SCALE / (cal * r), pga);
    }
}
