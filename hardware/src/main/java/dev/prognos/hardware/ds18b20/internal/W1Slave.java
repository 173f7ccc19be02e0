package dev.prognos.hardware.ds18b20.internal;

import java.util.Locale;

/**
 * The Linux w1_therm driver's {@code w1_slave} file for a DS18B20: the 9-byte scratchpad as read,
 * the CRC verdict, then the scratchpad again with the kernel's temperature:
 *
 * <pre>
 * 72 01 4b 46 7f ff 0e 10 57 : crc=57 YES
 * 72 01 4b 46 7f ff 0e 10 57 t=23125
 * </pre>
 *
 * Scratchpad (Maxim DS18B20 datasheet, figure 9): byte 0 temperature LSB, byte 1 MSB, bytes 2..3
 * alarm registers, byte 4 configuration (resolution in bits 6..5), bytes 5..7 reserved, byte 8 CRC.
 */
public final class W1Slave {

    public static final int SCRATCHPAD_LENGTH = 9;
    /** The temperature register's power-on value: +85 °C (0x0550), there before the first conversion. */
    public static final int POWER_ON_RAW = 0x0550;

    private W1Slave() {
    }

    /** What a w1_slave file says. */
    public record Parsed(byte[] scratchpad, boolean crcOk) {

        /** Temperature register, signed, 1/16 °C per LSB, with the bits undefined at this resolution cleared. */
        public int rawTemperature() {
            int raw = (short) ((scratchpad[0] & 0xFF) | (scratchpad[1] & 0xFF) << 8);
            int undefinedBits = 12 - resolutionBits();
            return raw & ~((1 << undefinedBits) - 1);
        }

        /** 9..12 bits, from configuration bits R1..R0 (datasheet table 2). */
        public int resolutionBits() {
            return 9 + ((scratchpad[4] >> 5) & 0b11);
        }

        /** Whether every scratchpad byte is zero: what the driver reports when nothing answers, with crc=00 YES. */
        public boolean allZero() {
            for (byte b : scratchpad) {
                if (b != 0) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Temperature in °C of a raw temperature register value (two's complement, 1/16 °C per LSB; datasheet table 1). */
    public static double celsius(int raw) {
        return (short) raw / 16.0;
    }

    /**
     * Parses the file's text.
     *
     * @throws IllegalArgumentException if it is not in the w1_therm format
     */
    public static Parsed parse(String text) {
        String[] lines = text.strip().split("\\R");
        if (lines.length < 1 || !lines[0].contains("crc=")) {
            throw new IllegalArgumentException("not a w1_slave file (no crc= line): '" + text.strip() + "'");
        }
        String first = lines[0].strip();
        String[] hex = first.substring(0, first.indexOf(':')).trim().split("\\s+");
        if (hex.length != SCRATCHPAD_LENGTH) {
            throw new IllegalArgumentException("w1_slave scratchpad has " + hex.length + " bytes, expected 9: '" + first + "'");
        }
        byte[] scratchpad = new byte[SCRATCHPAD_LENGTH];
        for (int i = 0; i < hex.length; i++) {
            scratchpad[i] = (byte) Integer.parseInt(hex[i], 16);
        }
        boolean crcOk = first.toUpperCase(Locale.ROOT).endsWith("YES");
        return new Parsed(scratchpad, crcOk);
    }
}
