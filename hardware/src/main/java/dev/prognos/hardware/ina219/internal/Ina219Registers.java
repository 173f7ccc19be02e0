package dev.prognos.hardware.ina219.internal;

/**
 * Register map of the TI INA219 (datasheet SBOS448G, §8.6). Every register is 16 bits, sent most
 * significant byte first.
 */
public final class Ina219Registers {

    /** Configuration: RST (15), BRNG (13), PG (12..11), BADC (10..7), SADC (6..3), MODE (2..0). */
    public static final int CONFIG = 0x00;
    public static final int CONFIG_RESET = 0x8000;
    /** What CONFIG reads after power-on or reset: 32 V, ±320 mV, 12-bit, continuous shunt and bus. */
    public static final int CONFIG_RESET_VALUE = 0x399F;
    public static final int CONFIG_BRNG_32V = 1 << 13;
    public static final int CONFIG_PG_SHIFT = 11;
    /** 12-bit, one sample, 532 µs: the reset setting of BADC and SADC. */
    public static final int ADC_12BIT = 0b0011;
    public static final int CONFIG_BADC_SHIFT = 7;
    public static final int CONFIG_SADC_SHIFT = 3;
    /** MODE 111: shunt and bus, continuous. */
    public static final int CONFIG_MODE_CONTINUOUS = 0b111;
    /** MODE 000: power-down. */
    public static final int CONFIG_MODE_POWER_DOWN = 0b000;

    /** Shunt voltage, signed, 10 µV/LSB. */
    public static final int SHUNT_VOLTAGE = 0x01;
    public static final double SHUNT_VOLTAGE_LSB_V = 10e-6;
    /** Bus voltage in bits 15..3 at 4 mV/LSB; bit 1 CNVR, bit 0 OVF (math overflow). */
    public static final int BUS_VOLTAGE = 0x02;
    public static final double BUS_VOLTAGE_LSB_V = 4e-3;
    public static final int BUS_VOLTAGE_OVF = 0b01;
    /** Power, unsigned, 20 × the current LSB. */
    public static final int POWER = 0x03;
    public static final int POWER_LSB_PER_CURRENT_LSB = 20;
    /** Current, signed, the current LSB the calibration sets. */
    public static final int CURRENT = 0x04;
    /** Calibration; bit 0 is void (always 0). */
    public static final int CALIBRATION = 0x05;

    private Ina219Registers() {
    }
}
