package dev.prognos.stream;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * A rule on one reading with hysteresis: it fires when the reading reaches {@code threshold} and
 * re-arms only once the reading falls below {@code clearLevel}, so a value hovering around the
 * threshold raises one alert, not one per reading. Both levels are in the reading's unit (mm/s
 * for {@code vib_rms_mm_s}).
 *
 * @param reading    reading name, e.g. {@code vib_rms_mm_s}
 * @param threshold  the alert fires at or above this value
 * @param clearLevel the rule re-arms below this value; below {@code threshold}
 */
public record ThresholdRule(String reading, double threshold, double clearLevel) implements Serializable {

    /** The detector name alerts of this rule carry. */
    public static final String DETECTOR = "rule";

    public ThresholdRule {
        Objects.requireNonNull(reading, "reading");
        if (!Double.isFinite(threshold) || !Double.isFinite(clearLevel) || clearLevel >= threshold) {
            throw new IllegalArgumentException("rule on " + reading + ": clear level " + clearLevel
                    + " must be finite and below the threshold " + threshold);
        }
    }

    /** A rule that re-arms below {@code threshold * clearRatio}. */
    public static ThresholdRule of(String reading, double threshold, double clearRatio) {
        // In decimal: 7.1 x 0.9 is 6.39, where the double product is 6.390000000000001 and a
        // reading of exactly 6.39 would count as below it.
        double clearLevel = BigDecimal.valueOf(threshold).multiply(BigDecimal.valueOf(clearRatio)).doubleValue();
        return new ThresholdRule(reading, threshold, clearLevel);
    }

    public boolean fires(double value) {
        return value >= threshold;
    }

    public boolean clears(double value) {
        return value < clearLevel;
    }

    /** What alerts of this rule say was violated, e.g. {@code vib_rms_mm_s>=7.1}. */
    public String condition() {
        return reading + ">=" + plain(threshold);
    }

    /** For logs: {@code vib_rms_mm_s>=7.1, re-arms below 6.39}. */
    public String describe() {
        return condition() + ", re-arms below " + rounded(clearLevel);
    }

    /** 7.1 rather than 7.10 or 7.1E0: the shortest form that reads back as the same double. */
    static String plain(double d) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    /** For people: at most 3 decimals (6.39, not 6.390000000000001). */
    static String rounded(double d) {
        return BigDecimal.valueOf(d).setScale(3, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }
}
