package dev.prognos.hardware.bme280.internal;

/** Register addresses and values of the BME280 (Bosch datasheet BST-BME280-DS002, §5.3–5.4). */
public final class Bme280Registers {

    public static final int CHIP_ID = 0xD0;
    /** What {@link #CHIP_ID} reads on a BME280. */
    public static final int CHIP_ID_BME280 = 0x60;
    /** What a BMP280 (no humidity sensor) answers at the same addresses. */
    public static final int CHIP_ID_BMP280 = 0x58;

    public static final int RESET = 0xE0;
    /** Writing this to {@link #RESET} resets the chip as at power-on. */
    public static final int RESET_VALUE = 0xB6;

    /** Trim block 1: dig_T1..dig_P9 (0x88..0x9F), one unused byte, dig_H1 (0xA1). */
    public static final int CALIB_00 = 0x88;
    public static final int CALIB_00_LENGTH = 0xA1 - 0x88 + 1;
    /** Trim block 2: dig_H2..dig_H6 (0xE1..0xE7). */
    public static final int CALIB_26 = 0xE1;
    public static final int CALIB_26_LENGTH = 0xE7 - 0xE1 + 1;

    public static final int CTRL_HUM = 0xF2;
    public static final int STATUS = 0xF3;
    /** STATUS bit 3: a conversion is running. */
    public static final int STATUS_MEASURING = 0b1000;
    /** STATUS bit 0: the trim registers are being copied from NVM (after reset). */
    public static final int STATUS_IM_UPDATE = 0b0001;
    public static final int CTRL_MEAS = 0xF4;
    public static final int CONFIG = 0xF5;

    /** Data block: press_msb..hum_lsb (0xF7..0xFE), read in one burst so the values belong together. */
    public static final int DATA = 0xF7;
    public static final int DATA_LENGTH = 8;

    /** The value a 20-bit ADC register holds when its measurement was skipped. */
    public static final int SKIPPED_20BIT = 0x80000;
    /** The value the 16-bit humidity ADC register holds when skipped. */
    public static final int SKIPPED_16BIT = 0x8000;

    private Bme280Registers() {
    }
}
