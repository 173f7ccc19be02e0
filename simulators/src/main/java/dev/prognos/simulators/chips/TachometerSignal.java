package dev.prognos.simulators.chips;

import dev.prognos.simulators.pi4j.DigitalSignal;
import java.util.function.LongToDoubleFunction;

/**
 * An optical or Hall tachometer's output: {@code pulsesPerRev} pulses per shaft revolution (a
 * reflective strip or a magnet per pulse), high for {@code dutyCycle} of each pulse period. Each
 * edge follows the previous one by the share of the period the shaft speed gives at that moment,
 * so the pulse rate tracks the machine and the phase never jumps when the speed changes.
 */
public final class TachometerSignal implements DigitalSignal {

    private final LongToDoubleFunction shaftHz;
    private final int pulsesPerRev;
    private final double dutyCycle;
    // The last edge at or before the time asked about, and the level it left.
    private long edge;
    private boolean high;

    /**
     * @param shaftHz shaft speed (Hz) at a {@link System#nanoTime()} instant
     * @param epoch   a nanoTime at which a pulse starts (a rising edge)
     */
    public TachometerSignal(LongToDoubleFunction shaftHz, int pulsesPerRev, double dutyCycle, long epoch) {
        if (pulsesPerRev < 1 || !(dutyCycle > 0 && dutyCycle < 1)) {
            throw new IllegalArgumentException("need pulsesPerRev >= 1 and 0 < dutyCycle < 1");
        }
        this.shaftHz = shaftHz;
        this.pulsesPerRev = pulsesPerRev;
        this.dutyCycle = dutyCycle;
        this.edge = epoch;
        this.high = true;
    }

    /** The edge after the current one, or MAX_VALUE when the shaft stands still. */
    private long following() {
        double hz = shaftHz.applyAsDouble(edge) * pulsesPerRev;
        if (!(hz > 0)) {
            return Long.MAX_VALUE;
        }
        double share = high ? dutyCycle : 1 - dutyCycle;
        return edge + Math.max(1, Math.round(share * 1e9 / hz));
    }

    /** Moves the current edge forward to the last one at or before {@code nanos}. */
    private void advanceTo(long nanos) {
        long next = following();
        while (next <= nanos) {
            edge = next;
            high = !high;
            next = following();
        }
    }

    @Override
    public synchronized boolean high(long nanos) {
        advanceTo(nanos);
        return high;
    }

    @Override
    public synchronized long nextEdge(long nanos) {
        advanceTo(nanos);
        return following();
    }
}
