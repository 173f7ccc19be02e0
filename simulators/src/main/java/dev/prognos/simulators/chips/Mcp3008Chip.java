package dev.prognos.simulators.chips;

import dev.prognos.simulators.pi4j.SpiChip;
import java.util.function.IntToDoubleFunction;

/**
 * A Microchip MCP3008 8-channel 10-bit ADC (datasheet DS21295) on SPI, bit for bit: after the
 * start bit (the first 1 on MOSI) come SGL/DIFF and D2..D0; the chip samples during the next clock,
 * sends a null bit, then the 10-bit result MSB first (then LSB first again while clocks continue,
 * as the datasheet's figure 6-1 shows), zeros after that. So the usual 3-byte frame
 * {@code 0x01, (0x08 | channel) << 4, 0x00} returns the result in the low 2 bits of byte 1 and in
 * byte 2. Single-ended inputs read {@code voltage(channel)}; differential pairs read the positive
 * difference (negative differences read 0).
 */
public final class Mcp3008Chip implements SpiChip {

    private final double vrefV;
    private final IntToDoubleFunction voltage;

    /**
     * @param vrefV   reference voltage (V), the full scale: 3.3 on a Pi
     * @param voltage the voltage (V) on CH0..CH7 now
     */
    public Mcp3008Chip(double vrefV, IntToDoubleFunction voltage) {
        this.vrefV = vrefV;
        this.voltage = voltage;
    }

    @Override
    public synchronized byte[] transfer(byte[] mosi) {
        int bits = mosi.length * 8;
        byte[] miso = new byte[mosi.length];
        int start = -1;
        for (int i = 0; i < bits; i++) {
            if (bit(mosi, i)) {
                start = i;
                break;
            }
        }
        if (start < 0 || start + 4 >= bits) {
            return miso; // no complete command: DOUT stays low (high-Z reads as 0 here)
        }
        boolean single = bit(mosi, start + 1);
        int channel = (bit(mosi, start + 2) ? 4 : 0) | (bit(mosi, start + 3) ? 2 : 0) | (bit(mosi, start + 4) ? 1 : 0);
        int code = convert(single, channel);
        // Clock after D0 (start + 5): sample; next (start + 6): null bit (0); then B9..B0, then B1..B9 LSB first.
        int first = start + 7;
        for (int k = 0; k < 10; k++) {
            set(miso, first + k, ((code >> (9 - k)) & 1) != 0);
        }
        for (int k = 1; k < 10; k++) {
            set(miso, first + 9 + k, ((code >> k) & 1) != 0);
        }
        return miso;
    }

    private int convert(boolean single, int channel) {
        double v;
        if (single) {
            v = voltage.applyAsDouble(channel);
        } else {
            int pair = channel & 0b110;
            boolean swapped = (channel & 1) != 0; // IN- is the even channel when D0 is 1
            double a = voltage.applyAsDouble(pair);
            double b = voltage.applyAsDouble(pair + 1);
            v = swapped ? b - a : a - b;
        }
        // Datasheet eq. 4-1: code = 1024 × Vin / Vref, clipped to 0..1023.
        return (int) Math.max(0, Math.min(1023, Math.floor(1024 * v / vrefV)));
    }

    private static boolean bit(byte[] b, int i) {
        return ((b[i / 8] >> (7 - i % 8)) & 1) != 0;
    }

    private static void set(byte[] b, int i, boolean one) {
        if (i < b.length * 8 && one) {
            b[i / 8] |= (byte) (1 << (7 - i % 8));
        }
    }
}
