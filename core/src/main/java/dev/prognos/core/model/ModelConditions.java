package dev.prognos.core.model;

import java.math.BigDecimal;

/**
 * The deployed model's two alert conditions, the same on the device (edge agent) and in the stream
 * job: their names, so an alert is recognised wherever it was raised, and when they hold, with
 * hysteresis so a value hovering at the limit does not open and resolve an alert at every sample.
 */
public final class ModelConditions {

    private ModelConditions() {
    }

    /** {@code rul<30} for a horizon of 30 (in the unit of the model's RUL output: cycles, h, ...). */
    public static String rulBelow(double horizon) {
        return ModelOutput.RUL + "<" + plain(horizon);
    }

    /** {@code failure_probability>=0.5} for a threshold of 0.5. */
    public static String probabilityAtLeast(double threshold) {
        return ModelOutput.FAILURE_PROBABILITY + ">=" + plain(threshold);
    }

    /**
     * @param open       whether this condition's alert is open: it then clears only at or above
     *                   {@code horizon / clearRatio}
     * @param clearRatio in (0, 1]
     */
    public static boolean rulHolds(double rul, double horizon, boolean open, double clearRatio) {
        return rul < (open ? horizon / clearRatio : horizon);
    }

    /** @param open whether this condition's alert is open: it then clears only below {@code threshold × clearRatio} */
    public static boolean probabilityHolds(double probability, double threshold, boolean open, double clearRatio) {
        return probability >= (open ? threshold * clearRatio : threshold);
    }

    /** 30, not 30.0; 0.5, not 0.50: condition names stay the same whatever the configuration's spelling. */
    public static String plain(double d) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
}
