package dev.prognos.simulators.pi4j.internal;

import com.pi4j.io.exception.IOException;
import com.pi4j.io.spi.SpiBase;
import com.pi4j.io.spi.SpiConfig;
import com.pi4j.io.spi.SpiProvider;
import dev.prognos.simulators.pi4j.SpiChip;
import java.nio.charset.Charset;
import java.util.Arrays;
import java.util.Objects;

/**
 * A Pi4J SPI handle on a simulated bus: each transfer is one chip-select frame, full duplex. With
 * no chip on that chip select, MISO floats: the transfer "works" and reads zeros, as on a real bus.
 */
final class SimSpi extends SpiBase {

    private final SpiChip chip;

    SimSpi(SpiProvider provider, SpiConfig config, SpiChip chip, int bus, int channel) {
        super(provider, config);
        this.chip = chip;
        this.isOpen = true;
    }

    private synchronized byte[] frame(byte[] mosi) {
        if (!isOpen) {
            throw new IOException("SPI " + id() + " is closed");
        }
        return chip == null ? new byte[mosi.length] : chip.transfer(mosi);
    }

    @Override
    public void close() {
        isOpen = false;
    }

    @Override
    public boolean isOpen() {
        return isOpen;
    }

    @Override
    public int transfer(byte[] write, int writeOffset, byte[] read, int readOffset, int numberOfBytes) {
        Objects.checkFromIndexSize(writeOffset, numberOfBytes, write.length);
        Objects.checkFromIndexSize(readOffset, numberOfBytes, read.length);
        byte[] miso = frame(Arrays.copyOfRange(write, writeOffset, writeOffset + numberOfBytes));
        System.arraycopy(miso, 0, read, readOffset, numberOfBytes);
        return numberOfBytes;
    }

    @Override
    public int write(byte b) {
        frame(new byte[] {b});
        return 1;
    }

    @Override
    public int write(byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        frame(Arrays.copyOfRange(data, offset, offset + length));
        return length;
    }

    @Override
    public int write(Charset charset, CharSequence data) {
        byte[] b = data.toString().getBytes(charset);
        frame(b);
        return b.length;
    }

    @Override
    public int read() {
        return frame(new byte[1])[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        System.arraycopy(frame(new byte[length]), 0, buffer, offset, length);
        return length;
    }
}
