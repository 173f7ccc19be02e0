package dev.prognos.simulators.chips;

import dev.prognos.simulators.pi4j.DigitalSignal;
import java.util.function.LongToDoubleFunction;

/**
 * An optical or Hall tachometer's output: {@code pulsesPerRev} pulses per shaft revolution (a
 * reflective strip or a magnet per pulse), high for {@code dutyCycle} of each pulse period. The
 * period follows the shaft speed at the time of each edge, so the pulse rate tracks the machine.
 */
public final class TachometerSignal implements DigitalSignal {

    private final LongToDoubleFunction shaftHz;
    private final int pulsesPerRev;
    private final double dutyCycle;
    private final long epoch;

    /**
     * @param shaftHz shaft speed (Hz) at a {@link System#nanoTime()} instant
     * @param epoch   a nanoTime at which a pulse starts
     */
    public TachometerSignal(LongToDoubleFunction shaftHz, int pulsesPerRev, double dutyCycle, long epoch) {
        if (pulsesPerRev < 1 || !(dutyCycle > 0 && dutyCycle < 1)) {
            throw new IllegalArgumentException("need pulsesPerRev >= 1 and 0 < dutyCycle < 1");
        }
        this.shaftHz = shaftHz;
        this.pulsesPerRev = pulsesPerRev;
        this.dutyCycle = dutyCycle;
        this.epoch = epoch;
    }

    private double periodNanos(long nanos) {
        double hz = shaftHz.applyAsDouble(nanos) * pulsesPerRev;
        return hz > 0 ? 1e9 / hz : Double.POSITIVE_INFINITY;
    }

    @Override
    public boolean high(long nanos) {
        double period = periodNanos(nanos);
        if (Double.isInfinite(period)) {
            return false;
        }
        double phase = ((nanos - epoch) % period + period) % period;
        return phase < dutyCycle * period;
    }

    @Override
    public long nextEdge(long nanos) {
        double period = periodNanos(nanos);
        if (Double.isInfinite(period)) {
            return Long.MAX_VALUE;
        }
        double since = nanos - epoch;
        double cycle = Math.floor(since / period);
        double rise = epoch + cycle * period;
        double fall = rise + dutyCycle * period;
        double next = fall > nanos ? fall : rise + period;
        return Math.max(nanos + 1, (long) Math.ceil(next));
    }
}
