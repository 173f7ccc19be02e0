package dev.prognos.edge.internal;

import java.util.concurrent.locks.LockSupport;

/**
 * At most {@code perSecond} permits a second, evenly spaced, with no burst allowance. One thread
 * acquires; any thread may change the rate.
 */
public final class RateLimiter {

    private volatile long intervalNanos;
    private long next = System.nanoTime();

    public RateLimiter(int perSecond) {
        rate(perSecond);
    }

    /** Changes the rate from the next permit on. */
    public void rate(int perSecond) {
        if (perSecond < 1) {
            throw new IllegalArgumentException("perSecond must be >= 1, got " + perSecond);
        }
        this.intervalNanos = 1_000_000_000L / perSecond;
    }

    /** Waits until the next permit is due; returns false if interrupted while waiting. */
    public boolean acquire() {
        long now = System.nanoTime();
        // An idle period does not bank permits: a backlog starts at the configured rate, not a burst.
        next = Math.max(next, now);
        while (now < next) {
            LockSupport.parkNanos(next - now);
            if (Thread.currentThread().isInterrupted()) {
                return false;
            }
            now = System.nanoTime();
        }
        next += intervalNanos;
        return true;
    }
}
