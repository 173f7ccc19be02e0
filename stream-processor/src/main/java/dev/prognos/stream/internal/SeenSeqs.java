package dev.prognos.stream.internal;

import java.util.Arrays;

/**
 * Keyed state of {@link dev.prognos.stream.Deduplicator}: which seqs one device has delivered, in
 * bounded space however fast it sends. A Flink POJO (public fields, no-argument constructor).
 *
 * <p>Why this shape: a device's outbox sends each seq once and in order (also when it flushes a
 * backlog after an outage), and Kafka keeps one device's readings in order, so a seq below the
 * highest one seen is almost always a re-delivery (a gateway resend, an outbox replayed after a
 * lost PUBACK). Three parts describe the set of seqs not yet seen, exactly:
 * <ul>
 *   <li>{@link #high}: the highest seq seen; every seq above it is new;</li>
 *   <li>{@link #bits}: one bit per seq in the window ({@code high − WINDOW}, {@code high}] (a ring
 *       indexed by seq mod {@value #WINDOW}): readings arriving out of order within the last
 *       {@value #WINDOW} seqs are told apart one by one;</li>
 *   <li>{@link #gaps}: the seqs at or below {@code high − WINDOW} never seen, as ranges: those
 *       that left the window unseen (readings lost on the way, or still to come) and, from the
 *       first reading on, everything before it (the device's history before this state began).
 *       Any other seq that low was seen: a duplicate.</li>
 * </ul>
 * At most {@value #MAX_GAPS} ranges are kept; beyond that the lowest (oldest) is forgotten and
 * counted in {@link #forgottenGaps}: a reading from it arriving later would be taken for a duplicate.
 * Cost per reading in order: a few bit operations; size: {@value #WINDOW}/8 bytes + 16 bytes per gap.
 */
public final class SeenSeqs {

    /** Seqs tracked one by one below the highest: a power of two. */
    public static final int WINDOW = 1024;
    /** Most gap ranges kept per device. */
    public static final int MAX_GAPS = 64;

    /** Highest seq seen; {@link Long#MIN_VALUE} before the first reading. */
    public long high = Long.MIN_VALUE;
    /** Bit (seq mod {@value #WINDOW}) set when seq, in the window below and at {@link #high}, was seen. */
    public long[] bits = new long[WINDOW / Long.SIZE];
    /** Sorted, disjoint, inclusive ranges {from0, to0, from1, to1, ...} of unseen seqs below the window. */
    public long[] gaps = new long[0];
    /** Gap ranges dropped for {@value #MAX_GAPS}. */
    public long forgottenGaps;

    public SeenSeqs() {
    }

    /**
     * Marks {@code seq} seen.
     *
     * @return true when it had not been seen (the reading is new), false for a duplicate
     */
    public boolean add(long seq) {
        if (high == Long.MIN_VALUE) {
            high = seq;
            set(seq);
            // Everything before the first reading counts as unseen: history this state never saw.
            long below = lowestInWindow() - 1;
            if (below > Long.MIN_VALUE) {
                gaps = new long[] {Long.MIN_VALUE, below};
            }
            return true;
        }
        if (seq > high) {
            advanceTo(seq);
            return true;
        }
        if (seq >= lowestInWindow()) {
            if (isSet(seq)) {
                return false;
            }
            set(seq);
            return true;
        }
        return takeFromGaps(seq);
    }

    /** The lowest seq of the window ({@code high − WINDOW + 1}), saturating at {@link Long#MIN_VALUE}. */
    private long lowestInWindow() {
        return high < Long.MIN_VALUE + WINDOW ? Long.MIN_VALUE + 1 : high - WINDOW + 1;
    }

    private void advanceTo(long seq) {
        long oldLowest = lowestInWindow();
        long newLowest = seq < Long.MIN_VALUE + WINDOW ? Long.MIN_VALUE + 1 : seq - WINDOW + 1;
        if (newLowest - oldLowest >= WINDOW) {
            // The whole window leaves: its unseen seqs, then the seqs jumped over that never entered it.
            for (long s = oldLowest; s <= high; s++) {
                if (!isSet(s)) {
                    addGap(s, s);
                }
            }
            if (newLowest - 1 >= high + 1) {
                addGap(high + 1, newLowest - 1);
            }
            Arrays.fill(bits, 0L);
        } else {
            for (long s = oldLowest; s < newLowest; s++) {
                if (!isSet(s)) {
                    addGap(s, s);
                }
                clear(s);
            }
        }
        high = seq;
        set(seq);
    }

    /** Appends a range above every kept one, merging with the last when adjacent. */
    private void addGap(long from, long to) {
        int n = gaps.length;
        if (n > 0 && gaps[n - 1] + 1 >= from) {
            gaps[n - 1] = Math.max(gaps[n - 1], to);
            return;
        }
        long[] grown = Arrays.copyOf(gaps, n + 2);
        grown[n] = from;
        grown[n + 1] = to;
        gaps = capped(grown);
    }

    private long[] capped(long[] ranges) {
        if (ranges.length / 2 <= MAX_GAPS) {
            return ranges;
        }
        forgottenGaps += ranges.length / 2 - MAX_GAPS;
        return Arrays.copyOfRange(ranges, ranges.length - 2 * MAX_GAPS, ranges.length);
    }

    /** A seq below the window: new only when a gap holds it (then no longer). */
    private boolean takeFromGaps(long seq) {
        for (int i = 0; i < gaps.length; i += 2) {
            long from = gaps[i];
            long to = gaps[i + 1];
            if (seq < from) {
                return false;
            }
            if (seq > to) {
                continue;
            }
            if (from == to) {
                long[] shrunk = new long[gaps.length - 2];
                System.arraycopy(gaps, 0, shrunk, 0, i);
                System.arraycopy(gaps, i + 2, shrunk, i, gaps.length - i - 2);
                gaps = shrunk;
            } else if (seq == from) {
                gaps[i] = seq + 1;
            } else if (seq == to) {
                gaps[i + 1] = seq - 1;
            } else {
                long[] split = new long[gaps.length + 2];
                System.arraycopy(gaps, 0, split, 0, i + 1);
                split[i + 1] = seq - 1;
                split[i + 2] = seq + 1;
                System.arraycopy(gaps, i + 1, split, i + 3, gaps.length - i - 1);
                gaps = capped(split);
            }
            return true;
        }
        return false;
    }

    private boolean isSet(long seq) {
        int slot = (int) (seq & (WINDOW - 1));
        return (bits[slot >>> 6] & (1L << slot)) != 0;
    }

    private void set(long seq) {
        int slot = (int) (seq & (WINDOW - 1));
        bits[slot >>> 6] |= 1L << slot;
    }

    private void clear(long seq) {
        int slot = (int) (seq & (WINDOW - 1));
        bits[slot >>> 6] &= ~(1L << slot);
    }
}
