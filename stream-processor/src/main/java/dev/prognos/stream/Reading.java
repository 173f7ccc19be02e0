package dev.prognos.stream;

import dev.prognos.core.telemetry.Telemetry;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One reading as the detector receives it: a {@link Telemetry} flattened into parallel arrays of
 * names and values (sorted by name, as in the message), so that the bulk of the job's traffic,
 * between the source and the detector, costs one object and two arrays instead of a
 * {@link Telemetry}'s sorted map with a boxed value and an entry per reading, which its constructor
 * builds again from whatever map it gets. Never changed once built: the arrays are not handed out
 * for writing ({@link #name}, {@link #value}).
 */
public final class Reading {

    private final String device;
    private final String site;
    private final String asset;
    private final long seq;
    private final long ts;
    private final String[] names;
    private final double[] values;

    /**
     * @param names  reading names, strictly ascending, owned by this reading from now on
     * @param values their values, same length, owned by this reading from now on
     */
    public Reading(String device, String site, String asset, long seq, long ts, String[] names, double[] values) {
        this.device = Objects.requireNonNull(device, "device");
        this.site = Objects.requireNonNull(site, "site");
        this.asset = Objects.requireNonNull(asset, "asset");
        this.seq = seq;
        this.ts = ts;
        this.names = Objects.requireNonNull(names, "names");
        this.values = Objects.requireNonNull(values, "values");
        if (names.length != values.length) {
            throw new IllegalArgumentException(names.length + " reading names but " + values.length + " values");
        }
    }

    /** The telemetry's readings in its (sorted) order. */
    public static Reading of(Telemetry t) {
        Map<String, Double> readings = t.readings();
        String[] names = new String[readings.size()];
        double[] values = new double[names.length];
        int i = 0;
        for (Map.Entry<String, Double> r : readings.entrySet()) {
            names[i] = r.getKey();
            values[i] = r.getValue();
            i++;
        }
        return new Reading(t.device(), t.site(), t.asset(), t.seq(), t.ts(), names, values);
    }

    /** Back to core's record (for whoever reads the late-readings output as telemetry). */
    public Telemetry toTelemetry() {
        Map<String, Double> readings = new TreeMap<>();
        for (int i = 0; i < names.length; i++) {
            readings.put(names[i], values[i]);
        }
        return Telemetry.of(device, site, asset, seq, ts, readings);
    }

    public String device() {
        return device;
    }

    public String site() {
        return site;
    }

    public String asset() {
        return asset;
    }

    public long seq() {
        return seq;
    }

    /** Event time, epoch ms. */
    public long ts() {
        return ts;
    }

    /** How many readings (names and values). */
    public int size() {
        return names.length;
    }

    /** The i-th reading's name (ascending with i). */
    public String name(int i) {
        return names[i];
    }

    /** The i-th reading's value. */
    public double value(int i) {
        return values[i];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Reading r && seq == r.seq && ts == r.ts && device.equals(r.device) && site.equals(r.site)
                && asset.equals(r.asset) && Arrays.equals(names, r.names) && Arrays.equals(values, r.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(device, seq, ts);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("Reading[").append(device).append(" seq ").append(seq).append(" ts ").append(ts);
        for (int i = 0; i < names.length; i++) {
            s.append(i == 0 ? ": " : ", ").append(names[i]).append('=').append(values[i]);
        }
        return s.append(']').toString();
    }
}
