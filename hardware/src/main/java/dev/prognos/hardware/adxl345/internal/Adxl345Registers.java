package dev.prognos.hardware.adxl345.internal;

/** Register map of the ADXL345 (Analog Devices datasheet Rev. G, table 19 and "Register Definitions"). */
public final class Adxl345Registers {

    public static final int DEVID = 0x00;
    /** What {@link #DEVID} reads on an ADXL345 (0o345). */
    public static final int DEVID_ADXL345 = 0xE5;

    /** Rate and power mode: bit 4 LOW_POWER, bits 3..0 rate code. */
    public static final int BW_RATE = 0x2C;
    /** Power control: bit 3 Measure (0 = standby). */
    public static final int POWER_CTL = 0x2D;
    public static final int POWER_CTL_MEASURE = 0b0000_1000;
    public static final int INT_ENABLE = 0x2E;
    /** Data format: bit 7 SELF_TEST, bit 6 SPI (3-wire), bit 5 INT_INVERT, bit 3 FULL_RES, bit 2 Justify, bits 1..0 range. */
    public static final int DATA_FORMAT = 0x31;
    public static final int DATA_FORMAT_FULL_RES = 0b0000_1000;
    /** DATAX0..DATAZ1: three little-endian 16-bit two's complement values; read all six in one burst. */
    public static final int DATAX0 = 0x32;
    public static final int DATA_LENGTH = 6;
    /** FIFO control: bits 7..6 mode, bit 5 trigger, bits 4..0 samples (watermark in stream mode). */
    public static final int FIFO_CTL = 0x38;
    public static final int FIFO_MODE_BYPASS = 0b00 << 6;
    public static final int FIFO_MODE_STREAM = 0b10 << 6;
    /** FIFO status: bit 7 FIFO_TRIG, bits 5..0 entries (0..32). */
    public static final int FIFO_STATUS = 0x39;
    public static final int FIFO_STATUS_ENTRIES = 0b0011_1111;
    /** Depth of the FIFO in samples (x, y, z each). */
    public static final int FIFO_DEPTH = 32;

    /** Full-resolution scale factor, typical: 3.9 mg/LSB at every range (datasheet table 1). */
    public static final double FULL_RES_G_PER_LSB = 0.0039;
    /** Standard gravity in m/s² (CGPM 1901), to turn g into SI units. */
    public static final double STANDARD_GRAVITY_MS2 = 9.80665;

    private Adxl345Registers() {
    }
}
