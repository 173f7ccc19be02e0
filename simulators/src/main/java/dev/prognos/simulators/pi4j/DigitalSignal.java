package dev.prognos.simulators.pi4j;

/**
 * What a simulated GPIO input pin sees over (real) time: a tachometer's pulses, a switch.
 * Times are {@link System#nanoTime()} nanoseconds.
 */
public interface DigitalSignal {

    /** The level at {@code nanos}: true for high. */
    boolean high(long nanos);

    /**
     * The first time after {@code nanos} at which the level changes, or {@link Long#MAX_VALUE} if it
     * stays as it is. The simulated pin fires Pi4J state-change events at these times.
     */
    long nextEdge(long nanos);
}
