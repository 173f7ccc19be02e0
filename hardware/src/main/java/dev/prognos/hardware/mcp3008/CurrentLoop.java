package dev.prognos.hardware.mcp3008;

import dev.prognos.hardware.SensorException;

/**
 * A 4–20 mA current loop read as the voltage across a shunt resistor, scaled to the transmitter's
 * engineering range: 4 mA is {@code lowValue}, 20 mA is {@code highValue}, linear between.
 *
 * <p>Currents are accepted in 3.8..20.5 mA, the measuring range NAMUR NE 43 allows around 4–20 mA
 * (a transmitter saturates there); outside it the loop signals a fault (below 3.6 mA a broken wire or
 * a failed transmitter, above 21 mA a transmitter failure or a short), and a reading is an error.
 *
 * @param shuntOhms shunt resistor in Ω: 150 Ω puts 20 mA at 3.0 V, inside a 3.3 V ADC's range with room
 *                  for 21 mA (165 Ω would put 20 mA exactly at 3.3 V full scale and clip above it)
 * @param lowValue  engineering value at 4 mA (e.g. 0 bar)
 * @param highValue engineering value at 20 mA (e.g. 10 bar)
 */
public record CurrentLoop(double shuntOhms, double lowValue, double highValue) {

    public static final double MIN_VALID_MA = 3.8;
    public static final double MAX_VALID_MA = 20.5;

    public CurrentLoop {
        if (!(shuntOhms > 0) || Double.isInfinite(shuntOhms)) {
            throw new IllegalArgumentException("4-20 mA shunt must be > 0 Ω, got " + shuntOhms);
        }
        if (!Double.isFinite(lowValue) || !Double.isFinite(highValue) || lowValue == highValue) {
            throw new IllegalArgumentException("4-20 mA range must be two different finite values, got "
                    + lowValue + ".." + highValue);
        }
    }

    /** Loop current in mA for the voltage across the shunt. */
    public double currentMa(double shuntVolts) {
        return shuntVolts / shuntOhms * 1000;
    }

    /**
     * The engineering value for the voltage across the shunt.
     *
     * @param where names the input in the error, e.g. "MCP3008 channel 2 on SPI bus 0 chip select 0"
     * @throws SensorException if the current is outside 3.8..20.5 mA
     */
    public double value(double shuntVolts, String where) {
        double ma = currentMa(shuntVolts);
        // 1e-9 mA: the limits themselves are valid however the division rounds.
        if (ma < MIN_VALID_MA - 1e-9 || ma > MAX_VALID_MA + 1e-9) {
            String why = ma < 3.6 ? ": a broken wire, an unpowered or failed transmitter"
                    : ma > 21 ? ": a transmitter failure or a short" : ": the transmitter is saturated";
            throw new SensorException(String.format("%s: loop current %.2f mA is outside %.1f..%.1f mA%s",
                    where, ma, MIN_VALID_MA, MAX_VALID_MA, why));
        }
        return lowValue + (ma - 4) / 16 * (highValue - lowValue);
    }
}
