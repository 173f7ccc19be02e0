package dev.prognos.hardware.bme280;

import dev.prognos.hardware.bme280.internal.Bme280Calibration;
import dev.prognos.hardware.bme280.internal.Bme280Registers;

/** Trim values and their register encoding, shared by the BME280 tests. */
final class Bme280Fixtures {

    /**
     * Temperature and pressure trim values of the worked example in Bosch's BMP280 datasheet
     * (BST-BMP280-DS001, §3.12, table "Compensation computation example"); the BME280 uses the same
     * registers and formulas for these two. Its humidity values are typical of real BME280 parts.
     */
    static final Bme280Calibration DATASHEET = new Bme280Calibration(
            27504, 26435, -1000,
            36477, -10685, 3024, 2855, 140, -7, 15500, -14600, 6000,
            75, 362, 0, 324, 50, 30);
    /** adc_T and adc_P of the same worked example. */
    static final int DATASHEET_ADC_T = 519888;
    static final int DATASHEET_ADC_P = 415148;

    /** Registers 0x88..0xA1 holding {@code c}'s values, as the chip stores them (little-endian). */
    static byte[] block1(Bme280Calibration c) {
        byte[] b = new byte[Bme280Registers.CALIB_00_LENGTH];
        int[] words = {c.digT1(), c.digT2(), c.digT3(), c.digP1(), c.digP2(), c.digP3(), c.digP4(), c.digP5(),
                c.digP6(), c.digP7(), c.digP8(), c.digP9()};
        for (int i = 0; i < words.length; i++) {
            b[2 * i] = (byte) words[i];
            b[2 * i + 1] = (byte) (words[i] >> 8);
        }
        b[25] = (byte) c.digH1();
        return b;
    }

    /** Registers 0xE1..0xE7 holding {@code c}'s humidity values (H4, H5 are 12-bit, sharing 0xE5). */
    static byte[] block2(Bme280Calibration c) {
        return new byte[] {
                (byte) c.digH2(), (byte) (c.digH2() >> 8),
                (byte) c.digH3(),
                (byte) (c.digH4() >> 4),
                (byte) ((c.digH4() & 0x0F) | ((c.digH5() & 0x0F) << 4)),
                (byte) (c.digH5() >> 4),
                (byte) c.digH6()};
    }

    /** Registers 0xF7..0xFE holding the raw ADC values. */
    static byte[] data(int adcT, int adcP, int adcH) {
        return new byte[] {
                (byte) (adcP >> 12), (byte) (adcP >> 4), (byte) (adcP << 4),
                (byte) (adcT >> 12), (byte) (adcT >> 4), (byte) (adcT << 4),
                (byte) (adcH >> 8), (byte) adcH};
    }

    /** A chip holding {@code c}, answering the BME280 chip id, with one measurement in its data registers. */
    static RegisterMap chip(Bme280Calibration c, int adcT, int adcP, int adcH) {
        return new RegisterMap()
                .set(Bme280Registers.CHIP_ID, (byte) Bme280Registers.CHIP_ID_BME280)
                .set(Bme280Registers.CALIB_00, block1(c))
                .set(Bme280Registers.CALIB_26, block2(c))
                .set(Bme280Registers.DATA, data(adcT, adcP, adcH));
    }

    private Bme280Fixtures() {
    }
}
