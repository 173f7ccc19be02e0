package dev.prognos.edge.internal;

import java.util.function.DoubleSupplier;

/**
 * Reconnect delays: exponential from {@code minMs} doubling up to {@code maxMs}, with "equal
 * jitter" (half the step fixed, half uniformly random), so a fleet that lost its broker at once
 * does not come back in lock-step, yet no device retries at once in a tight loop.
 */
public final class Backoff {

    private final long minMs;
    private final long maxMs;
    private final DoubleSupplier random;
    private int attempt;

    public Backoff(long minMs, long maxMs, DoubleSupplier random) {
        if (minMs <= 0 || maxMs < minMs) {
            throw new IllegalArgumentException("need 0 < minMs <= maxMs, got " + minMs + ", " + maxMs);
        }
        this.minMs = minMs;
        this.maxMs = maxMs;
        this.random = random;
    }

    /** The delay before the next attempt, in ms. */
    public long nextDelayMs() {
        long step = attempt >= 62 ? maxMs : Math.min(maxMs, minMs << Math.min(attempt, 40));
        attempt++;
        long half = step / 2;
        return half + (long) (random.getAsDouble() * (step - half));
    }

    public void reset() {
        attempt = 0;
    }
}
