package dev.prognos.stream.internal;

/**
 * Keyed state of {@link dev.prognos.stream.DeviceDetector}: what every reading of one device reads
 * and writes, in one value, so a reading costs one state read and one write (it cost four: the
 * deduplicator's value with Flink's TTL wrapper and its incremental cleanup, and the window map's
 * get and put). A Flink POJO (public fields, no-argument constructor).
 *
 * <ul>
 *   <li>{@link #seen}: the seqs delivered ({@link dev.prognos.stream.Deduplicator}); forgotten once
 *       the device has sent nothing new for the time-to-live (processing time, ms), checked on every
 *       read and by a processing-time timer at {@link #expiryTimerMs} that clears it for a device gone
 *       silent;</li>
 *   <li>{@link #open}: the device's newest window still collecting readings (older open windows,
 *       waiting for the watermark or opened by late readings, stay in the detector's window map).</li>
 * </ul>
 */
public final class DeviceInput {

    /** No expiry timer registered. */
    public static final long NO_TIMER = Long.MIN_VALUE;

    /** Seqs seen; null before the first reading and after the time-to-live ran out. */
    public SeenSeqs seen;
    /** Processing time of the newest new reading, epoch ms: the time-to-live counts from here. */
    public long seenAtMs;
    /** When the registered expiry timer fires, processing time ms; {@link #NO_TIMER} for none. */
    public long expiryTimerMs = NO_TIMER;
    /** The newest open window; null when every window of the device has been evaluated. */
    public OpenWindow open;

    public DeviceInput() {
    }

    /** Nothing left worth keeping: the value can be cleared. */
    public boolean isEmpty() {
        return seen == null && open == null;
    }
}
