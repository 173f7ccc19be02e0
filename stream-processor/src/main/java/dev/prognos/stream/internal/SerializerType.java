package dev.prognos.stream.internal;

import java.io.Serializable;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * A record type with a hand-written Flink serializer ({@link TelemetrySerializer},
 * {@link ReadingSerializer}): not a key, no fields to Flink; each {@link #createSerializer} asks the
 * factory (a stateless serializer may hand out one instance, one with buffers a new one).
 */
final class SerializerType<T> extends TypeInformation<T> {

    private static final long serialVersionUID = 1L;

    /** Makes the type's serializer; serializable, as type information travels with the job. */
    @FunctionalInterface
    interface Factory<T> extends Serializable {
        TypeSerializer<T> create();
    }

    private final Class<T> type;
    private final Factory<T> serializers;

    SerializerType(Class<T> type, Factory<T> serializers) {
        this.type = type;
        this.serializers = serializers;
    }

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<T> getTypeClass() {
        return type;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<T> createSerializer(SerializerConfig config) {
        return serializers.create();
    }

    @Override
    public String toString() {
        return type.getSimpleName() + "(" + serializers.create().getClass().getSimpleName() + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SerializerType<?> t && t.type == type;
    }

    @Override
    public int hashCode() {
        return type.hashCode();
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof SerializerType;
    }
}
