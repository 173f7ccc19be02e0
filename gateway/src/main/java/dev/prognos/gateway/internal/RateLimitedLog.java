package dev.prognos.gateway.internal;

import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * One WARN line per event, at most {@code perSecond} lines a second: a flood of bad input must
 * not bury every other log line. Lines held back are counted and the count is appended to the
 * next line that is written. Thread-safe.
 */
public final class RateLimitedLog {

    private static final long SECOND_NS = 1_000_000_000L;

    private final Logger log;
    private final int perSecond;
    private final LongSupplier nanoClock;
    private long windowStart;
    private int inWindow;
    private long suppressed;

    public RateLimitedLog(Logger log, int perSecond) {
        this(log, perSecond, System::nanoTime);
    }

    RateLimitedLog(Logger log, int perSecond, LongSupplier nanoClock) {
        this.log = log;
        this.perSecond = perSecond;
        this.nanoClock = nanoClock;
        this.windowStart = nanoClock.getAsLong();
    }

    public void warn(String format, Object... args) {
        long held = admit();
        if (held >= 0) {
            log.warnf(held == 0 ? format : format + " (" + held + " similar lines held back)", args);
        }
    }

    /** -1 when this line is held back, else how many were held back since the last one written. */
    synchronized long admit() {
        long now = nanoClock.getAsLong();
        if (now - windowStart >= SECOND_NS) {
            windowStart = now;
            inWindow = 0;
        }
        if (inWindow >= perSecond) {
            suppressed++;
            return -1;
        }
        inWindow++;
        long held = suppressed;
        suppressed = 0;
        return held;
    }
}
