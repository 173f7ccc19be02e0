package dev.prognos.hardware.ina219;

/**
 * The measuring circuit around an INA219: its shunt and the current it carries.
 *
 * @param shuntOhms       the shunt resistor in Ω (0.1 Ω on the common breakouts)
 * @param maxExpectedAmps the largest current expected through it, in A; sets the shunt range (PGA)
 *                        and the current resolution (datasheet equation 2: max / 2¹⁵)
 * @param busRangeV       bus voltage full scale, 16 or 32 V (the chip measures up to 26 V)
 */
public record Ina219Options(double shuntOhms, double maxExpectedAmps, int busRangeV) {

    /** A 0.1 Ω breakout, up to 3.2 A, 32 V range: what the common INA219 modules are built for. */
    public static final Ina219Options DEFAULT = new Ina219Options(0.1, 3.2, 32);

    public Ina219Options {
        if (!(shuntOhms > 0) || Double.isInfinite(shuntOhms)) {
            throw new IllegalArgumentException("INA219 shunt must be > 0 Ω, got " + shuntOhms);
        }
        if (!(maxExpectedAmps > 0) || Double.isInfinite(maxExpectedAmps)) {
            throw new IllegalArgumentException("INA219 max expected current must be > 0 A, got " + maxExpectedAmps);
        }
        if (maxExpectedAmps * shuntOhms > 0.32 + 1e-12) {
            throw new IllegalArgumentException(String.format(
                    "INA219 max expected current %s A through %s Ω drops %.4f V, more than the ±0.32 V shunt range:"
                            + " use a smaller shunt", maxExpectedAmps, shuntOhms, maxExpectedAmps * shuntOhms));
        }
        if (busRangeV != 16 && busRangeV != 32) {
            throw new IllegalArgumentException("INA219 bus range must be 16 or 32 V, got " + busRangeV);
        }
    }
}
