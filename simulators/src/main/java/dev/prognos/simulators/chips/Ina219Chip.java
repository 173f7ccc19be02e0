package dev.prognos.simulators.chips;

import dev.prognos.simulators.pi4j.I2cChip;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;

/**
 * A TI INA219 current and power monitor (datasheet SBOS448G) on I2C, measuring a load through a
 * shunt of {@code shuntOhms}. Its registers are 16 bits, big-endian, behind a register pointer: a
 * write transaction is the pointer then MSB and LSB; a read returns the pointed register.
 * Configuration (0x00, reset value 0x399F, bit 15 resets), shunt voltage (0x01, 10 µV/LSB, clipped
 * to the PGA range ±40..±320 mV), bus voltage (0x02, 4 mV/LSB in bits 15..3, CNVR bit 1, OVF bit 0),
 * power (0x03) and current (0x04) computed from the calibration register (0x05) as the datasheet's
 * equations 4 and 5 do: current = shunt × calibration / 4096, power = current × bus / 5000. In
 * power-down mode the result registers keep their last values.
 */
public final class Ina219Chip implements I2cChip {

    /** What flows at a {@link System#nanoTime()} instant: load current (A) and the bus voltage at the load (V). */
    public record Load(double currentA, double busVoltageV) {
    }

    private final double shuntOhms;
    private final LongFunction<Load> load;
    private final LongSupplier nanos;
    private final int[] registers = new int[6];
    private int pointer;

    public Ina219Chip(double shuntOhms, LongFunction<Load> load, LongSupplier nanos) {
        this.shuntOhms = shuntOhms;
        this.load = load;
        this.nanos = nanos;
        reset();
    }

    private void reset() {
        java.util.Arrays.fill(registers, 0);
        registers[0] = 0x399F;
    }

    @Override
    public synchronized void write(byte[] data) {
        pointer = data[0] & 0xFF;
        if (data.length >= 3) {
            int value = (data[1] & 0xFF) << 8 | (data[2] & 0xFF);
            if (pointer == 0x00) {
                if ((value & 0x8000) != 0) {
                    reset();
                } else {
                    registers[0] = value;
                }
            } else if (pointer == 0x05) {
                registers[5] = value & 0xFFFE; // bit 0 is read-only (always 0)
            }
        }
    }

    @Override
    public synchronized byte[] read(int length) {
        if (pointer >= 0x01 && pointer <= 0x04) {
            convert();
        }
        int value = pointer < registers.length ? registers[pointer] : 0;
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = (byte) (i % 2 == 0 ? value >> 8 : value);
        }
        return out;
    }

    /** Continuous modes measure the load now; power-down and triggered modes keep the last result. */
    private void convert() {
        int config = registers[0];
        int mode = config & 0b111;
        if (mode != 0b111 && mode != 0b101 && mode != 0b110) {
            return;
        }
        Load l = load.apply(nanos.getAsLong());
        int pga = (config >> 11) & 0b11;
        double rangeV = 0.040 * (1 << pga);
        double shuntV = Math.max(-rangeV, Math.min(rangeV, l.currentA() * shuntOhms));
        int shunt = (int) Math.round(shuntV / 10e-6);
        double busRange = (config & (1 << 13)) != 0 ? 32 : 16;
        int busCounts = (int) Math.round(Math.max(0, Math.min(busRange, l.busVoltageV())) / 4e-3);
        long current = (long) shunt * registers[5] / 4096;
        long power = Math.abs(current) * busCounts / 5000;
        boolean overflow = current > Short.MAX_VALUE || current < Short.MIN_VALUE || power > 0xFFFF;
        registers[1] = shunt & 0xFFFF;
        registers[2] = (busCounts << 3) | 0b10 | (overflow ? 1 : 0);
        registers[4] = overflow ? registers[4] : (int) current & 0xFFFF;
        registers[3] = overflow ? registers[3] : (int) power;
    }
}
