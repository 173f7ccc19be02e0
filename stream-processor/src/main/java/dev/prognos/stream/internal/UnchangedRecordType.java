package dev.prognos.stream.internal;

import java.io.IOException;
import java.util.Objects;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.CompositeTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A record type the job never changes once it has emitted one (the detector's health records and
 * alerts): Flink's own type information and serializer for the bytes, minus the copies. Without
 * object reuse Flink copies a record for every chained operator it is handed to, and for a record
 * holding maps (a health record: features per reading, z-scores, CUSUM sums) that copy is a deep one,
 * built by reflection, once per device and window for each sink. {@link TelemetrySerializer} does the
 * same for readings, written by hand because they are the bulk of the traffic.
 *
 * <p>Only for types whose instances nobody mutates after emitting them: the detector builds a new
 * record (and new maps) for every window and alert.
 */
public final class UnchangedRecordType<T> extends TypeInformation<T> {

    private static final long serialVersionUID = 1L;

    private final TypeInformation<T> flinks;

    private UnchangedRecordType(TypeInformation<T> flinks) {
        this.flinks = Objects.requireNonNull(flinks, "flinks");
    }

    /** Flink's type information of the class, its serializer told the values are never changed. */
    public static <T> TypeInformation<T> of(Class<T> type) {
        return new UnchangedRecordType<>(TypeInformation.of(type));
    }

    @Override
    public boolean isBasicType() {
        return flinks.isBasicType();
    }

    @Override
    public boolean isTupleType() {
        return flinks.isTupleType();
    }

    @Override
    public int getArity() {
        return flinks.getArity();
    }

    @Override
    public int getTotalFields() {
        return flinks.getTotalFields();
    }

    @Override
    public Class<T> getTypeClass() {
        return flinks.getTypeClass();
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<T> createSerializer(SerializerConfig config) {
        return new Serializer<>(flinks.createSerializer(config));
    }

    @Override
    public String toString() {
        return "Unchanged(" + flinks + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnchangedRecordType<?> other && flinks.equals(other.flinks);
    }

    @Override
    public int hashCode() {
        return 31 * UnchangedRecordType.class.hashCode() + flinks.hashCode();
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof UnchangedRecordType;
    }

    /** Flink's serializer of the type for the bytes; a copy is the value itself. */
    public static final class Serializer<T> extends TypeSerializer<T> {

        private static final long serialVersionUID = 1L;

        private final TypeSerializer<T> flinks;

        Serializer(TypeSerializer<T> flinks) {
            this.flinks = Objects.requireNonNull(flinks, "flinks");
        }

        @Override
        public boolean isImmutableType() {
            return true;
        }

        @Override
        public TypeSerializer<T> duplicate() {
            TypeSerializer<T> d = flinks.duplicate();
            return d == flinks ? this : new Serializer<>(d);
        }

        @Override
        public T createInstance() {
            return flinks.createInstance();
        }

        @Override
        public T copy(T from) {
            return from;
        }

        @Override
        public T copy(T from, T reuse) {
            return from;
        }

        @Override
        public int getLength() {
            return flinks.getLength();
        }

        @Override
        public void serialize(T record, DataOutputView target) throws IOException {
            flinks.serialize(record, target);
        }

        @Override
        public T deserialize(DataInputView source) throws IOException {
            return flinks.deserialize(source);
        }

        @Override
        public T deserialize(T reuse, DataInputView source) throws IOException {
            return flinks.deserialize(source);
        }

        @Override
        public void copy(DataInputView source, DataOutputView target) throws IOException {
            flinks.copy(source, target);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Serializer<?> other && flinks.equals(other.flinks);
        }

        @Override
        public int hashCode() {
            return 31 * Serializer.class.hashCode() + flinks.hashCode();
        }

        @Override
        public TypeSerializerSnapshot<T> snapshotConfiguration() {
            return new Snapshot<>(this);
        }
    }

    /** Restores the serializer around the restored snapshot of Flink's. */
    public static final class Snapshot<T> extends CompositeTypeSerializerSnapshot<T, Serializer<T>> {

        public Snapshot() {
        }

        Snapshot(Serializer<T> serializer) {
            super(serializer);
        }

        @Override
        protected int getCurrentOuterSnapshotVersion() {
            return 1;
        }

        @Override
        protected TypeSerializer<?>[] getNestedSerializers(Serializer<T> outer) {
            return new TypeSerializer<?>[] {outer.flinks};
        }

        @Override
        @SuppressWarnings("unchecked")
        protected Serializer<T> createOuterSerializerWithNestedSerializers(TypeSerializer<?>[] nested) {
            return new Serializer<>((TypeSerializer<T>) nested[0]);
        }
    }
}
