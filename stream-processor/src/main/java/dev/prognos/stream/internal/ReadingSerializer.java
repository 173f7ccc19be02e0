package dev.prognos.stream.internal;

import dev.prognos.core.telemetry.NameCache;
import dev.prognos.stream.Reading;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink's serializer of {@link Reading}, the record every reading crosses the job's one shuffle in
 * (source → detector). Written by hand for the same reasons as {@link TelemetrySerializer}, and
 * cheaper again: no map to build on either side, ASCII strings (device ids and reading names
 * almost always are) written without an intermediate byte array, and read through one buffer per
 * serializer instance (hence {@link #duplicate()}: Flink gives each thread its own).
 *
 * <p>Format ({@link TelemetrySerializer} writes the version, then this): device,
 * site, asset (strings: int length, UTF-8), seq, ts (long), the number of readings (int), then each
 * reading's name (string) and value (double), names ascending. Only on the wire between tasks: no
 * state and no savepoint holds it.
 */
public final class ReadingSerializer extends TypeSerializer<Reading> {

    private static final long serialVersionUID = 1L;

    /** The type information that hands out this serializer. */
    public static final TypeInformation<Reading> TYPE = new SerializerType<>(Reading.class, ReadingSerializer::new);

    /** Bytes of the string being written or read (grown when a longer one comes). */
    private transient byte[] buffer;

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public TypeSerializer<Reading> duplicate() {
        return new ReadingSerializer();
    }

    @Override
    public Reading createInstance() {
        return null;
    }

    @Override
    public Reading copy(Reading from) {
        return from;
    }

    @Override
    public Reading copy(Reading from, Reading reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(Reading r, DataOutputView out) throws IOException {
        writeString(r.device(), out);
        writeString(r.site(), out);
        writeString(r.asset(), out);
        out.writeLong(r.seq());
        out.writeLong(r.ts());
        int n = r.size();
        out.writeInt(n);
        for (int i = 0; i < n; i++) {
            writeString(r.name(i), out);
            out.writeDouble(r.value(i));
        }
    }

    @Override
    public Reading deserialize(DataInputView in) throws IOException {
        String device = readString(in);
        String site = readName(in);
        String asset = readName(in);
        long seq = in.readLong();
        long ts = in.readLong();
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("corrupt reading record: " + n + " readings");
        }
        String[] names = new String[n];
        double[] values = new double[n];
        boolean ascending = true;
        for (int i = 0; i < n; i++) {
            names[i] = readName(in);
            values[i] = in.readDouble();
            ascending &= i == 0 || names[i - 1].compareTo(names[i]) < 0;
        }
        if (!ascending) {
            // Never written so by serialize: a record from elsewhere gets the map's order, last value wins.
            Map<String, Double> sorted = new TreeMap<>();
            for (int i = 0; i < n; i++) {
                sorted.put(names[i], values[i]);
            }
            names = sorted.keySet().toArray(new String[0]);
            values = sorted.values().stream().mapToDouble(Double::doubleValue).toArray();
        }
        return new Reading(device, site, asset, seq, ts, names, values);
    }

    @Override
    public Reading deserialize(Reading reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    /**
     * An int length, then UTF-8. An ASCII string is copied into {@link #buffer} as it is (its chars
     * are its UTF-8 bytes) rather than encoded into a new array. Not {@code DataOutputView.writeBytes}:
     * Flink's {@code DataOutputSerializer} moves its position twice there and corrupts what follows.
     */
    @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int): the low byte of each char, exactly ASCII here
    private void writeString(String s, DataOutputView out) throws IOException {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            if (s.charAt(i) >= 0x80) {
                byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
                out.writeInt(utf8.length);
                out.write(utf8);
                return;
            }
        }
        byte[] b = buffer(n);
        s.getBytes(0, n, b, 0);
        out.writeInt(n);
        out.write(b, 0, n);
    }

    /** {@link #buffer}, at least {@code n} bytes long. */
    private byte[] buffer(int n) {
        if (buffer == null || buffer.length < n) {
            buffer = new byte[Math.max(n, 64)];
        }
        return buffer;
    }

    private String readString(DataInputView in) throws IOException {
        int n = readUtf8(in);
        return new String(buffer, 0, n, StandardCharsets.UTF_8);
    }

    /** A name every reading repeats (site, asset type, reading name): core's {@link NameCache}'s instance. */
    private String readName(DataInputView in) throws IOException {
        int n = readUtf8(in);
        return NameCache.shared().name(buffer, 0, n);
    }

    /** Reads a string's bytes into {@link #buffer}; returns their count. */
    private int readUtf8(DataInputView in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("corrupt reading record: string length " + n);
        }
        in.readFully(buffer(n), 0, n);
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReadingSerializer;
    }

    @Override
    public int hashCode() {
        return ReadingSerializer.class.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<Reading> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores this serializer wherever Flink writes a serializer's configuration. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<Reading> {
        public Snapshot() {
            super(ReadingSerializer::new);
        }
    }
}
