package dev.prognos.stream;

import dev.prognos.stream.internal.DeviceInput;
import dev.prognos.stream.internal.SeenSeqs;
import java.io.Serializable;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimerService;

/**
 * Per device (the key of the operator it runs in, {@link DeviceDetector}): drops a reading whose
 * seq was already seen (a gateway resend, an outbox replayed after a lost PUBACK). It runs inside
 * the detector's keyed operator rather than as an operator of its own because both are keyed by
 * device: a separate one cost a second serialization round trip of every reading.
 *
 * <p>The seqs seen are {@link SeenSeqs} (the highest seq, a bitmap of the {@value SeenSeqs#WINDOW}
 * seqs below it and the ranges of unseen seqs further down), about 150 bytes per device whatever
 * the rate, and a reading costs a few bit operations. They live in the detector's per-device
 * {@link DeviceInput} value, next to the open window, so a reading costs one state read and one
 * write in all.
 *
 * <p>Time-to-live ({@code ttlMs}, processing time, as Flink's state TTL, which has no event-time
 * mode): refreshed by every new reading; a device that has sent nothing new for that long starts
 * afresh. Checked on every reading (an expired set is never used), and a processing-time timer per
 * device, moved on when it fires while the device still sends, clears the set of a device gone
 * silent, so the state of idle devices goes away. This replaces Flink's TTL wrapper, whose
 * incremental cleanup walked other entries of the state table on every access (about 5 % of the
 * detector's time at 100,000 readings/s). Dropped duplicates are counted in {@value #DUPLICATES_METRIC}.
 */
public final class Deduplicator implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final String DUPLICATES_METRIC = "duplicateReadings";

    private final long ttlMs;
    private transient Counter duplicates;

    /** @param ttlMs seqs are forgotten after this long without a new reading, ms of processing time */
    public Deduplicator(long ttlMs) {
        if (ttlMs <= 0) {
            throw new IllegalArgumentException("dedup time-to-live must be positive, got " + ttlMs + " ms");
        }
        this.ttlMs = ttlMs;
    }

    /** Binds the metric of the operator that runs it (from its {@code open}). */
    public void open(RuntimeContext context) {
        duplicates = context.getMetricGroup().counter(DUPLICATES_METRIC);
    }

    /**
     * For the device whose state {@code in} is: true when the reading is new (now remembered in
     * {@code in}, which the caller writes back), false for a duplicate (counted; {@code in} unchanged).
     *
     * @param nowMs  processing time, epoch ms
     * @param timers the keyed timer service, for the expiry timer
     */
    public boolean isNew(DeviceInput in, long seq, long nowMs, TimerService timers) {
        if (in.seen != null && expired(in, nowMs)) {
            in.seen = null;
        }
        if (in.seen == null) {
            in.seen = new SeenSeqs();
        }
        if (!in.seen.add(seq)) {
            duplicates.inc();
            return false;
        }
        in.seenAtMs = nowMs;
        if (in.expiryTimerMs == DeviceInput.NO_TIMER) {
            in.expiryTimerMs = nowMs + ttlMs;
            timers.registerProcessingTimeTimer(in.expiryTimerMs);
        }
        return true;
    }

    /**
     * The expiry timer fired at {@code timestamp} (processing time): forgets the seqs of a device
     * silent for the time-to-live, else registers the timer again for when they would expire.
     */
    public void onExpiryTimer(DeviceInput in, long timestamp, TimerService timers) {
        in.expiryTimerMs = DeviceInput.NO_TIMER;
        if (in.seen == null) {
            return;
        }
        if (expired(in, timestamp)) {
            in.seen = null;
        } else {
            in.expiryTimerMs = in.seenAtMs + ttlMs;
            timers.registerProcessingTimeTimer(in.expiryTimerMs);
        }
    }

    private boolean expired(DeviceInput in, long nowMs) {
        return nowMs - in.seenAtMs >= ttlMs;
    }
}
