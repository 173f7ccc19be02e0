package dev.prognos.core.ledger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Records which (device, seq) pairs a stage has seen and reports what is missing and what came
 * twice. Later stages use it to prove that nothing was lost or duplicated end to end.
 *
 * <p>Memory stays small for the normal case: per device the seen seqs are kept as disjoint
 * closed ranges, so an unbroken run costs one entry however long it is. Arrival order does not
 * matter. Thread-safe.
 */
public final class SequenceLedger {

    /** What {@link #record} made of a seq. */
    public enum Outcome { NEW, DUPLICATE }

    /** A run of missing seqs, both ends included. */
    public record Gap(String device, long from, long to) {
        public long size() {
            return to - from + 1;
        }
    }

    /**
     * @param devices    devices seen
     * @param distinct   distinct (device, seq) pairs seen
     * @param duplicates records whose (device, seq) had been seen already
     * @param gaps       missing runs, per device between its expected first seq (or its lowest seen)
     *                   and its expected last seq (or its highest seen)
     */
    public record Report(int devices, long distinct, long duplicates, List<Gap> gaps) {
        public long missing() {
            return gaps.stream().mapToLong(Gap::size).sum();
        }

        public boolean complete() {
            return gaps.isEmpty();
        }

        @Override
        public String toString() {
            return devices + " devices, " + distinct + " distinct, " + duplicates + " duplicates, "
                    + missing() + " missing in " + gaps.size() + " gaps"
                    + (gaps.isEmpty() ? "" : ", first " + gaps.get(0));
        }
    }

    private static final class DeviceLedger {
        /** start -> end, disjoint, not adjacent. */
        final TreeMap<Long, Long> ranges = new TreeMap<>();
        long distinct;
        long duplicates;
        Long expectedFrom;
        Long expectedTo;
    }

    private final Map<String, DeviceLedger> devices = new HashMap<>();

    public synchronized Outcome record(String device, long seq) {
        DeviceLedger d = devices.computeIfAbsent(device, k -> new DeviceLedger());
        Map.Entry<Long, Long> below = d.ranges.floorEntry(seq);
        if (below != null && below.getValue() >= seq) {
            d.duplicates++;
            return Outcome.DUPLICATE;
        }
        d.distinct++;
        long start = seq;
        long end = seq;
        if (below != null && below.getValue() == seq - 1) {
            start = below.getKey();
        }
        Long after = d.ranges.get(seq + 1);
        if (after != null) {
            end = after;
            d.ranges.remove(seq + 1);
        }
        d.ranges.put(start, end);
        return Outcome.NEW;
    }

    /**
     * Declares the seqs a device is known to have sent, so that missing ones at either end count
     * as gaps too (a lowest-seen-to-highest-seen check cannot see a lost head or tail).
     */
    public synchronized void expect(String device, long fromSeq, long toSeq) {
        if (toSeq < fromSeq) {
            throw new IllegalArgumentException("toSeq " + toSeq + " < fromSeq " + fromSeq);
        }
        DeviceLedger d = devices.computeIfAbsent(device, k -> new DeviceLedger());
        d.expectedFrom = fromSeq;
        d.expectedTo = toSeq;
    }

    public synchronized Report report() {
        long distinct = 0;
        long duplicates = 0;
        List<Gap> gaps = new ArrayList<>();
        for (Map.Entry<String, DeviceLedger> e : new TreeMap<>(devices).entrySet()) {
            DeviceLedger d = e.getValue();
            distinct += d.distinct;
            duplicates += d.duplicates;
            if (d.ranges.isEmpty()) {
                if (d.expectedFrom != null) {
                    gaps.add(new Gap(e.getKey(), d.expectedFrom, d.expectedTo));
                }
                continue;
            }
            long next = d.expectedFrom != null ? d.expectedFrom : d.ranges.firstKey();
            for (Map.Entry<Long, Long> r : d.ranges.entrySet()) {
                if (r.getKey() > next) {
                    gaps.add(new Gap(e.getKey(), next, r.getKey() - 1));
                }
                next = Math.max(next, r.getValue() + 1);
            }
            if (d.expectedTo != null && next <= d.expectedTo) {
                gaps.add(new Gap(e.getKey(), next, d.expectedTo));
            }
        }
        return new Report(devices.size(), distinct, duplicates, List.copyOf(gaps));
    }
}
