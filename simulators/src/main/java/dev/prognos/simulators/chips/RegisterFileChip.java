package dev.prognos.simulators.chips;

import dev.prognos.simulators.pi4j.I2cChip;

/**
 * An I2C chip with 8-bit registers and an auto-incrementing register pointer (Bosch, Analog
 * Devices and most sensor datasheets): a write transaction sets the pointer with its first byte and
 * writes the rest to consecutive registers; a read transaction returns consecutive registers from
 * the pointer. Subclasses refresh registers before a read and react to writes.
 */
public abstract class RegisterFileChip implements I2cChip {

    protected final byte[] registers = new byte[256];
    private int pointer;

    @Override
    public final synchronized void write(byte[] data) {
        pointer = data[0] & 0xFF;
        for (int i = 1; i < data.length; i++) {
            int register = pointer;
            int value = data[i] & 0xFF;
            pointer = (pointer + 1) & 0xFF;
            if (writable(register)) {
                registers[register] = (byte) value;
                written(register, value);
            }
        }
    }

    @Override
    public final synchronized byte[] read(int length) {
        beforeRead(pointer, length);
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = registers[(pointer + i) & 0xFF];
        }
        int first = pointer;
        pointer = (pointer + length) & 0xFF;
        afterRead(first, length);
        return out;
    }

    /** Whether the master may write this register (read-only ones ignore writes, as on the chip). */
    protected abstract boolean writable(int register);

    /** Called after {@code value} was stored in {@code register}. */
    protected void written(int register, int value) {
    }

    /** Called before registers {@code first}..{@code first + length - 1} are read: refresh them here. */
    protected void beforeRead(int first, int length) {
    }

    /** Called after a read transaction (e.g. to pop a FIFO). */
    protected void afterRead(int first, int length) {
    }

    protected final int u8(int register) {
        return registers[register] & 0xFF;
    }

    /** True if [first, first+length) touches {@code register}. */
    protected static boolean covers(int first, int length, int register) {
        return register >= first && register < first + length;
    }
}
