package dev.prognos.hardware.adxl345;

import java.util.Locale;
import java.util.Objects;

/**
 * How the ADXL345 measures.
 *
 * @param range             measurement range; the driver always uses full resolution (3.9 mg/LSB at
 *                          every range), so a wider range costs no resolution, only bits
 * @param outputDataRateHz  wanted sample rate in Hz, 0.1..3200; the chip has fixed rates
 *                          (3200 / 2ⁿ), so the driver picks the lowest one at or above this
 *                          ({@link #outputDataRate()}), keeping the asked-for bandwidth
 * @param axis              the axis a {@link Adxl345#burst(int) burst} samples: mount the sensor
 *                          so that it points radially at the bearing
 */
public record Adxl345Options(Range range, double outputDataRateHz, Axis axis) {

    /** ±16 g (a worn bearing's impacts exceed ±8 g), 3200 Hz (1.6 kHz bandwidth), z axis. */
    public static final Adxl345Options DEFAULT = new Adxl345Options(Range.G16, 3200, Axis.Z);

    public Adxl345Options {
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(axis, "axis");
        if (!(outputDataRateHz >= 0.1 && outputDataRateHz <= 3200)) {
            throw new IllegalArgumentException("ADXL345 output data rate must be 0.1..3200 Hz, got " + outputDataRateHz);
        }
    }

    /** The chip's rate this setting selects. */
    public DataRate outputDataRate() {
        return DataRate.atLeast(outputDataRateHz);
    }

    /** Measurement range, DATA_FORMAT bits 1..0 (datasheet table 21). */
    public enum Range {
        G2(0b00, 2), G4(0b01, 4), G8(0b10, 8), G16(0b11, 16);

        /** DATA_FORMAT range bits. */
        public final int bits;
        /** Full scale, ± g. */
        public final int fullScaleG;

        Range(int bits, int fullScaleG) {
            this.bits = bits;
            this.fullScaleG = fullScaleG;
        }

        /** From ±g: 2, 4, 8 or 16. */
        public static Range ofG(int g) {
            for (Range r : values()) {
                if (r.fullScaleG == g) {
                    return r;
                }
            }
            throw new IllegalArgumentException("ADXL345 range must be 2, 4, 8 or 16 g, got " + g);
        }

        /**
         * Largest magnitude in LSB at full resolution: 10 bits at ±2 g, one more per doubling
         * (13 bits at ±16 g), each LSB 3.9 mg.
         */
        public int maxLsb() {
            return 256 * fullScaleG;
        }
    }

    /** Output data rates, BW_RATE bits 3..0 (datasheet table 7): 3200 Hz / 2^(15 - code). */
    public enum DataRate {
        HZ_3200(0xF), HZ_1600(0xE), HZ_800(0xD), HZ_400(0xC), HZ_200(0xB), HZ_100(0xA), HZ_50(0x9), HZ_25(0x8),
        HZ_12_5(0x7), HZ_6_25(0x6), HZ_3_13(0x5), HZ_1_56(0x4), HZ_0_78(0x3), HZ_0_39(0x2), HZ_0_20(0x1), HZ_0_10(0x0);

        /** BW_RATE rate code. */
        public final int code;

        DataRate(int code) {
            this.code = code;
        }

        /** The rate in Hz. */
        public double hz() {
            return 3200.0 / (1 << (15 - code));
        }

        /** Bandwidth in Hz: half the output data rate. */
        public double bandwidthHz() {
            return hz() / 2;
        }

        /**
         * The lowest rate at or above {@code hz}, within 3 %: the datasheet names rates by their
         * rounded values (code 0 is "0.10 Hz", exactly 0.0977 Hz).
         */
        public static DataRate atLeast(double hz) {
            DataRate[] all = values();
            for (int i = all.length - 1; i >= 0; i--) {
                if (all[i].hz() >= hz * 0.97) {
                    return all[i];
                }
            }
            throw new IllegalArgumentException("ADXL345 output data rate must be at most 3200 Hz, got " + hz);
        }
    }

    /** Axis of a burst. */
    public enum Axis {
        X, Y, Z;

        /** From "x", "y" or "z" (any case). */
        public static Axis parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("ADXL345 axis must be x, y or z, got '" + s + "'", e);
            }
        }
    }
}
