package dev.prognos.hardware.mcp3008;

import com.pi4j.io.spi.SpiConfig;
import com.pi4j.io.spi.SpiProvider;
import com.pi4j.plugin.mock.provider.spi.MockSpi;
import java.util.ArrayList;
import java.util.List;

/**
 * Pi4J's MockSpi answering as an MCP3008 does: for a frame {start, SGL|channel, 0} it clocks in
 * {undefined, null bit 0 and B9..B8, B7..B0} of the code set for that channel. With
 * {@code floating} it answers 0xFF everywhere, as a MISO line with nothing driving it.
 */
public class Mcp3008MockSpi extends MockSpi {

    public final int[] codes = new int[8];
    final List<byte[]> frames = new ArrayList<>();
    boolean floating;

    public Mcp3008MockSpi(SpiProvider provider, SpiConfig config) {
        super(provider, config);
    }

    @Override
    public int transfer(byte[] write, int writeOffset, byte[] read, int readOffset, int length) {
        byte[] frame = java.util.Arrays.copyOfRange(write, writeOffset, writeOffset + length);
        frames.add(frame);
        if (floating) {
            java.util.Arrays.fill(read, readOffset, readOffset + length, (byte) 0xFF);
            return length;
        }
        if (length != 3 || frame[0] != 0x01 || (frame[1] & 0x80) == 0) {
            throw new AssertionError("not a single-ended MCP3008 frame: " + java.util.Arrays.toString(frame));
        }
        int code = codes[(frame[1] >> 4) & 0x07];
        read[readOffset] = (byte) 0xFF; // undefined while the command is clocked out
        read[readOffset + 1] = (byte) (0b1111_1000 | code >> 8); // undefined, null bit 0, B9, B8
        read[readOffset + 2] = (byte) code;
        return length;
    }
}
