package dev.prognos.stream.internal;

import dev.prognos.core.telemetry.NameCache;
import dev.prognos.core.telemetry.Telemetry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink's serializer of {@link Telemetry}, the record every reading travels in between operators.
 * Written by hand because it is the hottest type of the job: Flink's generic record/POJO
 * serializer reads and writes fields by reflection, wraps each in a null marker and copies the
 * readings map entry by entry whenever a record passes between chained operators. A
 * {@code Telemetry} is immutable (its readings map is unmodifiable), so this serializer says so
 * and Flink hands the same object on instead of copying it.
 *
 * <p>Format: v (int), device, site, asset (strings: int length, UTF-8), seq, ts (long), the number
 * of readings (int), then each reading's name (string) and value (double), in the record's (sorted) order.
 */
public final class TelemetrySerializer extends TypeSerializerSingleton<Telemetry> {

    private static final long serialVersionUID = 1L;

    public static final TelemetrySerializer INSTANCE = new TelemetrySerializer();

    /** The type information that hands out this serializer. */
    public static final TypeInformation<Telemetry> TYPE = new SerializerType<>(Telemetry.class, () -> INSTANCE);

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public Telemetry createInstance() {
        return null;
    }

    @Override
    public Telemetry copy(Telemetry from) {
        return from;
    }

    @Override
    public Telemetry copy(Telemetry from, Telemetry reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(Telemetry t, DataOutputView out) throws IOException {
        out.writeInt(t.v());
        writeString(t.device(), out);
        writeString(t.site(), out);
        writeString(t.asset(), out);
        out.writeLong(t.seq());
        out.writeLong(t.ts());
        Map<String, Double> readings = t.readings();
        out.writeInt(readings.size());
        for (Map.Entry<String, Double> r : readings.entrySet()) {
            writeString(r.getKey(), out);
            out.writeDouble(r.getValue());
        }
    }

    @Override
    public Telemetry deserialize(DataInputView in) throws IOException {
        int v = in.readInt();
        String device = readString(in);
        String site = readName(in);
        String asset = readName(in);
        long seq = in.readLong();
        long ts = in.readLong();
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("corrupt telemetry record: " + n + " readings");
        }
        String[] names = new String[n];
        double[] values = new double[n];
        boolean sorted = true;
        for (int i = 0; i < n; i++) {
            names[i] = readName(in);
            values[i] = in.readDouble();
            sorted &= i == 0 || names[i - 1].compareTo(names[i]) < 0;
        }
        // Written in the record's sorted order: the record's own TreeMap copy of a sorted map is
        // linear, without the comparisons and rebalancing of building a TreeMap here first.
        Map<String, Double> readings = sorted ? new SortedReadings(names, values) : unsorted(names, values);
        return new Telemetry(v, device, site, asset, seq, ts, readings);
    }

    private static Map<String, Double> unsorted(String[] names, double[] values) {
        Map<String, Double> readings = new TreeMap<>();
        for (int i = 0; i < names.length; i++) {
            readings.put(names[i], values[i]);
        }
        return readings;
    }

    /**
     * Readings as read, strictly ascending by name: only for {@link Telemetry}'s constructor, which
     * copies them into its own map in one pass ({@code TreeMap.putAll} of a {@link SortedMap} with the
     * natural order). The views a caller of a sorted map could ask for besides are not needed there.
     */
    private static final class SortedReadings extends AbstractMap<String, Double> implements SortedMap<String, Double> {
        private final String[] names;
        private final double[] values;

        SortedReadings(String[] names, double[] values) {
            this.names = names;
            this.values = values;
        }

        @Override
        public int size() {
            return names.length;
        }

        @Override
        public Set<Entry<String, Double>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Entry<String, Double>> iterator() {
                    return new Iterator<>() {
                        private int i;

                        @Override
                        public boolean hasNext() {
                            return i < names.length;
                        }

                        @Override
                        public Entry<String, Double> next() {
                            if (i >= names.length) {
                                throw new NoSuchElementException();
                            }
                            Entry<String, Double> e = new SimpleImmutableEntry<>(names[i], values[i]);
                            i++;
                            return e;
                        }
                    };
                }

                @Override
                public int size() {
                    return names.length;
                }
            };
        }

        @Override
        public Comparator<? super String> comparator() {
            return null;
        }

        @Override
        public String firstKey() {
            if (names.length == 0) {
                throw new NoSuchElementException();
            }
            return names[0];
        }

        @Override
        public String lastKey() {
            if (names.length == 0) {
                throw new NoSuchElementException();
            }
            return names[names.length - 1];
        }

        @Override
        public SortedMap<String, Double> subMap(String fromKey, String toKey) {
            throw new UnsupportedOperationException("readings in transit to Telemetry's constructor");
        }

        @Override
        public SortedMap<String, Double> headMap(String toKey) {
            throw new UnsupportedOperationException("readings in transit to Telemetry's constructor");
        }

        @Override
        public SortedMap<String, Double> tailMap(String fromKey) {
            throw new UnsupportedOperationException("readings in transit to Telemetry's constructor");
        }
    }

    /**
     * UTF-8 with an int length: Flink's {@code StringValue} codec goes through a thread-local
     * buffer, which cost more than the rest of a reading's deserialization together.
     */
    private static void writeString(String s, DataOutputView out) throws IOException {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String readString(DataInputView in) throws IOException {
        return new String(readUtf8(in), StandardCharsets.UTF_8);
    }

    /**
     * A name every reading repeats (site, asset type, reading name): the canonical instance from
     * core's {@link NameCache}, so the detector's per-reading map of a window finds its entry by
     * identity with a hash computed once, instead of hashing and comparing a fresh string per reading.
     */
    private static String readName(DataInputView in) throws IOException {
        return NameCache.shared().name(readUtf8(in));
    }

    private static byte[] readUtf8(DataInputView in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("corrupt telemetry record: string length " + n);
        }
        byte[] utf8 = new byte[n];
        in.readFully(utf8);
        return utf8;
    }

    @Override
    public Telemetry deserialize(Telemetry reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public TypeSerializerSnapshot<Telemetry> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores this serializer from checkpoints and savepoints (the late-readings output, for instance). */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<Telemetry> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
