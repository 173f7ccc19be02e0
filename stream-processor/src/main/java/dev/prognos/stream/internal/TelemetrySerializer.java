package dev.prognos.stream.internal;

import dev.prognos.core.telemetry.Telemetry;
import dev.prognos.stream.Reading;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink's serializer of {@link Telemetry}, the decoded record between the source and the readings'
 * conversion to {@link Reading} (chained operators: it only serializes when chaining is off).
 * Written by hand because Flink's generic record serializer reads and writes fields by reflection,
 * wraps each in a null marker and copies the readings map whenever a record passes between chained
 * operators. A {@code Telemetry} is immutable, so this serializer says so and Flink hands the same
 * object on instead of copying it.
 *
 * <p>Format: v (int), then the fields as {@link ReadingSerializer} writes them (device, site,
 * asset, seq, ts, the readings in the record's sorted order), by that serializer: one
 * implementation of the strings' and readings' encoding.
 */
public final class TelemetrySerializer extends TypeSerializer<Telemetry> {

    private static final long serialVersionUID = 1L;

    /** The type information that hands out this serializer. */
    public static final TypeInformation<Telemetry> TYPE = new SerializerType<>(Telemetry.class, TelemetrySerializer::new);

    /** The fields after v; its read buffer is per instance, hence {@link #duplicate()}. */
    private final ReadingSerializer fields = new ReadingSerializer();

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public TypeSerializer<Telemetry> duplicate() {
        return new TelemetrySerializer();
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
        fields.serialize(Reading.of(t), out);
    }

    @Override
    public Telemetry deserialize(DataInputView in) throws IOException {
        int v = in.readInt();
        Telemetry t = fields.deserialize(in).toTelemetry();
        return t.v() == v ? t : new Telemetry(v, t.device(), t.site(), t.asset(), t.seq(), t.ts(), t.readings());
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
    public boolean equals(Object o) {
        return o instanceof TelemetrySerializer;
    }

    @Override
    public int hashCode() {
        return TelemetrySerializer.class.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<Telemetry> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores this serializer from checkpoints and savepoints. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<Telemetry> {
        public Snapshot() {
            super(TelemetrySerializer::new);
        }
    }
}
