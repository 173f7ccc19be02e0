package dev.prognos.hardware.mcp3008.internal;

/**
 * The MCP3008's SPI frame in 8-bit segments (Microchip DS21295D, §6.1, figure 6-1): three bytes
 * out, three in. Out: 7 zero bits and the start bit; SGL/DIFF and the channel D2..D0; padding. In:
 * undefined bits, then a null bit (always 0) and B9..B8; then B7..B0.
 */
public final class Mcp3008Frames {

    /** Channels 0..7 (single-ended). */
    public static final int CHANNELS = 8;
    /** 10-bit result: codes 0..1023. */
    public static final int FULL_SCALE_CODE = 1023;
    public static final int CODES = 1024;
    /** The null bit's place in the second byte clocked in; it is driven low by the chip. */
    public static final int NULL_BIT = 0b100;

    private static final int START = 0x01;
    private static final int SINGLE_ENDED = 0x80;

    private Mcp3008Frames() {
    }

    /** The three bytes that start a single-ended conversion of {@code channel}. */
    public static byte[] request(int channel) {
        return new byte[] {START, (byte) (SINGLE_ENDED | channel << 4), 0};
    }

    /** The 10-bit code in the three bytes clocked in. */
    public static int code(byte[] response) {
        return (response[1] & 0x03) << 8 | response[2] & 0xFF;
    }

    /** Whether the null bit was low, as an MCP3008 drives it; a floating or absent MISO reads it high. */
    public static boolean nullBitLow(byte[] response) {
        return (response[1] & NULL_BIT) == 0;
    }
}
