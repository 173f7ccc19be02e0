package dev.prognos.hardware.ina219;

import static dev.prognos.hardware.ina219.internal.Ina219Registers.*;

import dev.prognos.hardware.RegisterDevice;
import java.util.ArrayList;
import java.util.List;

/**
 * An INA219 as its register map behaves: 16-bit registers MSB first, a reset that restores
 * 0x399F, bit 0 of the calibration void, and the current and power registers computed from the
 * shunt and bus registers with the datasheet's equations 4 and 5:
 * Current = Shunt × Cal / 4096, Power = Current × Bus / 5000.
 */
final class Ina219Chip implements RegisterDevice {

    final int[] registers = new int[6];
    final List<int[]> writes = new ArrayList<>();
    /** What CONFIG reads after a reset: 0x399F on an INA219. */
    int configAfterReset = CONFIG_RESET_VALUE;
    boolean closed;

    Ina219Chip() {
        registers[CONFIG] = CONFIG_RESET_VALUE;
    }

    /** Sets what the ADCs measured: shunt register (10 µV/LSB, signed) and bus voltage (4 mV/LSB). */
    Ina219Chip measure(int shuntLsb, int busLsb) {
        registers[SHUNT_VOLTAGE] = shuntLsb & 0xFFFF;
        registers[BUS_VOLTAGE] = busLsb << 3 | 0b10; // CNVR set
        return this;
    }

    @Override
    public void read(int register, byte[] buffer) {
        if (buffer.length != 2) {
            throw new AssertionError("INA219 registers are read 2 bytes at a time, not " + buffer.length);
        }
        int value = switch (register) {
            case CURRENT -> current();
            case POWER -> (short) current() * (registers[BUS_VOLTAGE] >> 3) / 5000;
            default -> registers[register];
        };
        buffer[0] = (byte) (value >> 8);
        buffer[1] = (byte) value;
    }

    private int current() {
        return ((short) registers[SHUNT_VOLTAGE] * registers[CALIBRATION] / 4096) & 0xFFFF;
    }

    @Override
    public void write(int register, int value) {
        throw new AssertionError("INA219 registers are written 2 bytes at a time");
    }

    @Override
    public void write(int register, byte[] values) {
        int value = (values[0] & 0xFF) << 8 | values[1] & 0xFF;
        writes.add(new int[] {register, value});
        if (register == CONFIG && (value & CONFIG_RESET) != 0) {
            registers[CONFIG] = configAfterReset;
            registers[CALIBRATION] = 0;
        } else if (register == CALIBRATION) {
            registers[CALIBRATION] = value & 0xFFFE;
        } else {
            registers[register] = value;
        }
    }

    @Override
    public String location() {
        return "test INA219";
    }

    @Override
    public void close() {
        closed = true;
    }
}
