package dev.prognos.hardware.bme280;

import dev.prognos.hardware.RegisterDevice;
import java.util.ArrayList;
import java.util.List;

/**
 * A BME280's register file as the chip presents it: 256 registers, burst reads auto-increment.
 * Records every write so tests can check what the driver configured. The status register
 * reads 0 (conversion done) unless a test sets it.
 */
final class RegisterMap implements RegisterDevice {

    record Write(int register, int value) {
    }

    final byte[] registers = new byte[256];
    final List<Write> writes = new ArrayList<>();
    boolean closed;

    RegisterMap set(int register, byte... values) {
        System.arraycopy(values, 0, registers, register, values.length);
        return this;
    }

    @Override
    public void read(int register, byte[] buffer) {
        System.arraycopy(registers, register, buffer, 0, buffer.length);
    }

    @Override
    public void write(int register, int value) {
        writes.add(new Write(register, value));
    }

    int lastWrite(int register) {
        for (int i = writes.size() - 1; i >= 0; i--) {
            if (writes.get(i).register() == register) {
                return writes.get(i).value();
            }
        }
        throw new AssertionError(String.format("register 0x%02X never written", register));
    }

    @Override
    public String location() {
        return "test register map";
    }

    @Override
    public void close() {
        closed = true;
    }
}
