package dev.prognos.hardware.adxl345;

import static dev.prognos.hardware.adxl345.internal.Adxl345Registers.*;

import dev.prognos.hardware.RegisterDevice;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * An ADXL345 as its register map behaves: DEVID, configuration registers that keep what was
 * written, and the FIFO in stream mode. Time is the number of FIFO status polls: each poll lets
 * {@code samplesPerPoll} new samples arrive (from {@code signal}, indexed by sample number since
 * power-up), and a FIFO holding 32 keeps only the newest, as in stream mode. Each data read
 * advances {@link #clock} by {@code popNanos}: how long one 6-byte read takes on the bus.
 */
final class Adxl345Chip implements RegisterDevice {

    record Write(int register, int value) {
    }

    final int[] registers = new int[64];
    final List<Write> writes = new ArrayList<>();
    private final ArrayDeque<short[]> fifo = new ArrayDeque<>();
    private final IntFunction<short[]> signal;
    int samplesPerPoll;
    /** The driver's clock (ns) when it is given {@code clock::get}. */
    final java.util.concurrent.atomic.AtomicLong clock = new java.util.concurrent.atomic.AtomicLong();
    long popNanos;
    private int nextSample;
    boolean closed;

    Adxl345Chip(int samplesPerPoll, IntFunction<short[]> signal) {
        this.samplesPerPoll = samplesPerPoll;
        this.signal = signal;
        registers[DEVID] = DEVID_ADXL345;
    }

    @Override
    public void read(int register, byte[] buffer) {
        if (register == FIFO_STATUS && buffer.length == 1) {
            for (int i = 0; i < samplesPerPoll; i++) {
                arrive();
            }
            buffer[0] = (byte) Math.min(fifo.size(), FIFO_DEPTH);
        } else if (register == DATAX0 && buffer.length == DATA_LENGTH) {
            clock.addAndGet(popNanos);
            short[] xyz = fifo.isEmpty() ? signal.apply(nextSample - 1) : fifo.poll();
            for (int axis = 0; axis < 3; axis++) {
                buffer[2 * axis] = (byte) xyz[axis];
                buffer[2 * axis + 1] = (byte) (xyz[axis] >> 8);
            }
        } else {
            for (int i = 0; i < buffer.length; i++) {
                buffer[i] = (byte) registers[register + i];
            }
        }
    }

    private void arrive() {
        fifo.add(signal.apply(nextSample++));
        if (fifo.size() > FIFO_DEPTH) {
            fifo.poll();
        }
    }

    @Override
    public void write(int register, int value) {
        writes.add(new Write(register, value));
        registers[register] = value;
        if (register == FIFO_CTL && (value & 0xC0) == FIFO_MODE_BYPASS) {
            fifo.clear();
        }
    }

    @Override
    public String location() {
        return "test ADXL345";
    }

    @Override
    public void close() {
        closed = true;
    }
}
