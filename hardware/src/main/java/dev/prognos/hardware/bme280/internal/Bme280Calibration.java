package dev.prognos.hardware.bme280.internal;

/**
 * The factory trim values of one BME280 and the datasheet's integer compensation formulas
 * (BST-BME280-DS002 §4.2.3: 32-bit temperature, 64-bit pressure, 32-bit humidity). The arithmetic
 * is the datasheet's, operation for operation: Java's {@code int} and {@code long} are the C
 * {@code int32_t}/{@code int64_t} and {@code >>} is an arithmetic shift as on every compiler Bosch
 * targets, so results are bit-identical to Bosch's reference code.
 */
public record Bme280Calibration(
        int digT1, int digT2, int digT3,
        int digP1, int digP2, int digP3, int digP4, int digP5, int digP6, int digP7, int digP8, int digP9,
        int digH1, int digH2, int digH3, int digH4, int digH5, int digH6) {

    /**
     * Decodes the two trim blocks (datasheet table 16).
     *
     * @param block1 the 26 bytes of registers 0x88..0xA1
     * @param block2 the 7 bytes of registers 0xE1..0xE7
     */
    public static Bme280Calibration parse(byte[] block1, byte[] block2) {
        if (block1.length != Bme280Registers.CALIB_00_LENGTH || block2.length != Bme280Registers.CALIB_26_LENGTH) {
            throw new IllegalArgumentException("trim blocks must be " + Bme280Registers.CALIB_00_LENGTH + " and "
                    + Bme280Registers.CALIB_26_LENGTH + " bytes, got " + block1.length + " and " + block2.length);
        }
        return new Bme280Calibration(
                u16(block1, 0), s16(block1, 2), s16(block1, 4),
                u16(block1, 6), s16(block1, 8), s16(block1, 10), s16(block1, 12), s16(block1, 14),
                s16(block1, 16), s16(block1, 18), s16(block1, 20), s16(block1, 22),
                block1[25] & 0xFF,
                s16(block2, 0),
                block2[2] & 0xFF,
                // dig_H4 and dig_H5 are 12-bit signed values sharing register 0xE5: H4 = E4[7:0]:E5[3:0],
                // H5 = E6[7:0]:E5[7:4]; the high byte carries the sign.
                (block2[3] << 4) | (block2[4] & 0x0F),
                (block2[5] << 4) | ((block2[4] & 0xFF) >> 4),
                block2[6]);
    }

    /** Raw ADC values of one measurement, as read from 0xF7..0xFE. */
    public record Raw(int adcT, int adcP, int adcH) {

        public static Raw parse(byte[] data) {
            int adcP = ((data[0] & 0xFF) << 12) | ((data[1] & 0xFF) << 4) | ((data[2] & 0xFF) >> 4);
            int adcT = ((data[3] & 0xFF) << 12) | ((data[4] & 0xFF) << 4) | ((data[5] & 0xFF) >> 4);
            int adcH = ((data[6] & 0xFF) << 8) | (data[7] & 0xFF);
            return new Raw(adcT, adcP, adcH);
        }
    }

    /**
     * Fine temperature t_fine, the input that pressure and humidity compensation share
     * (units of 1/5120 °C).
     */
    public int tFine(int adcT) {
        int var1 = (((adcT >> 3) - (digT1 << 1)) * digT2) >> 11;
        int var2 = (((((adcT >> 4) - digT1) * ((adcT >> 4) - digT1)) >> 12) * digT3) >> 14;
        return var1 + var2;
    }

    /** Temperature in 0.01 °C (5123 means 51.23 °C). */
    public static int temperatureCentiC(int tFine) {
        return (tFine * 5 + 128) >> 8;
    }

    /**
     * Pressure in Pa as unsigned Q24.8 (24674867 means 24674867/256 = 96386.2 Pa), or 0 if the trim
     * values would divide by zero (the datasheet's guard).
     */
    public long pressureQ24_8(int adcP, int tFine) {
        long var1 = ((long) tFine) - 128000;
        long var2 = var1 * var1 * digP6;
        var2 = var2 + ((var1 * digP5) << 17);
        var2 = var2 + (((long) digP4) << 35);
        var1 = ((var1 * var1 * digP3) >> 8) + ((var1 * digP2) << 12);
        var1 = (((1L << 47) + var1) * digP1) >> 33;
        if (var1 == 0) {
            return 0;
        }
        long p = 1048576 - adcP;
        p = (((p << 31) - var2) * 3125) / var1;
        var1 = (((long) digP9) * (p >> 13) * (p >> 13)) >> 25;
        var2 = (((long) digP8) * p) >> 19;
        p = ((p + var1 + var2) >> 8) + (((long) digP7) << 4);
        // The datasheet returns this as uint32_t.
        return p & 0xFFFF_FFFFL;
    }

    /** Relative humidity in %RH as unsigned Q22.10 (47445 means 47445/1024 = 46.333 %RH), 0..102400. */
    public int humidityQ22_10(int adcH, int tFine) {
        int v = tFine - 76800;
        v = (((((adcH << 14) - (digH4 << 20) - (digH5 * v)) + 16384) >> 15)
                * (((((((v * digH6) >> 10) * (((v * digH3) >> 11) + 32768)) >> 10) + 2097152) * digH2 + 8192) >> 14));
        v = v - (((((v >> 15) * (v >> 15)) >> 7) * digH1) >> 4);
        v = Math.max(v, 0);
        v = Math.min(v, 419430400);
        return v >> 12;
    }

    /** Little-endian unsigned 16-bit value at {@code offset}. */
    private static int u16(byte[] b, int offset) {
        return (b[offset] & 0xFF) | ((b[offset + 1] & 0xFF) << 8);
    }

    /** Little-endian signed 16-bit value at {@code offset}. */
    private static int s16(byte[] b, int offset) {
        return (short) u16(b, offset);
    }
}
