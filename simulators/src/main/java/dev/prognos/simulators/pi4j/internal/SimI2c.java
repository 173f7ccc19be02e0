package dev.prognos.simulators.pi4j.internal;

import com.pi4j.io.exception.IOException;
import com.pi4j.io.i2c.I2C;
import com.pi4j.io.i2c.I2CBase;
import com.pi4j.io.i2c.I2CConfig;
import com.pi4j.io.i2c.I2CProvider;
import dev.prognos.simulators.pi4j.I2cChip;
import java.nio.charset.Charset;
import java.util.Arrays;
import java.util.Objects;

/**
 * A Pi4J I2C handle on a simulated bus. Every Pi4J call becomes the I2C transactions it is on the
 * wire: a register read is a write of the register pointer then a read; a register write is one
 * write of pointer and data. With no chip at the address every transfer fails, as a NACK does on
 * Linux ("Remote I/O error").
 */
final class SimI2c extends I2CBase<SimI2cBus> implements I2C {

    private final I2cChip chip;

    SimI2c(I2CProvider provider, I2CConfig config, I2cChip chip) {
        super(provider, config, new SimI2cBus(config));
        this.chip = chip;
    }

    private I2cChip chip() {
        if (!isOpen()) {
            throw new IOException("I2C " + id() + " is closed");
        }
        if (chip == null) {
            throw new IOException(String.format("Remote I/O error: no device answers at I2C bus %d address 0x%02X (NACK)",
                    config.bus(), config.device()));
        }
        return chip;
    }

    private int writeTx(byte[] data) {
        return execute(() -> {
            chip().write(data);
            return data.length;
        });
    }

    private int readTx(byte[] pointer, byte[] buffer, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        return execute(() -> {
            I2cChip c = chip();
            if (pointer != null) {
                c.write(pointer);
            }
            byte[] got = c.read(length);
            System.arraycopy(got, 0, buffer, offset, length);
            return length;
        });
    }

    // ----- raw device --------------------------------------------------------------------------

    @Override
    public int write(byte b) {
        return writeTx(new byte[] {b}) == 1 ? 0 : -1;
    }

    @Override
    public int write(byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        return writeTx(Arrays.copyOfRange(data, offset, offset + length));
    }

    @Override
    public int write(Charset charset, CharSequence data) {
        return writeTx(data.toString().getBytes(charset));
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        readTx(null, one, 0, 1);
        return one[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        return readTx(null, buffer, offset, length);
    }

    // ----- registers ---------------------------------------------------------------------------

    @Override
    public int readRegister(int register) {
        byte[] one = new byte[1];
        readTx(new byte[] {(byte) register}, one, 0, 1);
        return one[0] & 0xFF;
    }

    @Override
    public int readRegister(byte[] register, byte[] buffer, int offset, int length) {
        return readTx(register.clone(), buffer, offset, length);
    }

    @Override
    public int readRegister(int register, byte[] buffer, int offset, int length) {
        return readTx(new byte[] {(byte) register}, buffer, offset, length);
    }

    @Override
    public int writeRegister(int register, byte b) {
        writeTx(new byte[] {(byte) register, b});
        return 0;
    }

    @Override
    public int writeRegister(int register, byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        byte[] tx = new byte[length + 1];
        tx[0] = (byte) register;
        System.arraycopy(data, offset, tx, 1, length);
        writeTx(tx);
        return length;
    }

    @Override
    public int writeRegister(byte[] register, byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        byte[] tx = new byte[register.length + length];
        System.arraycopy(register, 0, tx, 0, register.length);
        System.arraycopy(data, offset, tx, register.length, length);
        writeTx(tx);
        return length;
    }
}
