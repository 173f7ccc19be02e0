package dev.prognos.stream.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prognos.core.telemetry.Telemetry;
import dev.prognos.stream.FlinkTypes;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** The readings' Flink serializer: what goes in comes out, and a snapshot restores it. */
class TelemetrySerializerTest {

    private final TypeSerializer<Telemetry> serializer = FlinkTypes.TELEMETRY.createSerializer(new SerializerConfigImpl());

    @Test
    void shouldGiveBackTheSameReadingsAfterARoundTrip() throws Exception {
        Telemetry a = Telemetry.of("pump-001", "plant-a", "centrifugal-pump", 42, 1_795_414_322_000L,
                Map.of("vib_rms_mm_s", 2.5, "bearing_temp_c", -3.25, "motor_current_a", Double.NaN, "ünits_°c", 1e300));
        Telemetry b = Telemetry.of("pump-ä", "", "fan", Long.MAX_VALUE, Long.MIN_VALUE, Map.of());

        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(a, out);
        serializer.serialize(b, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());

        assertThat(serializer.deserialize(in)).isEqualTo(a);
        assertThat(serializer.deserialize(null, in)).isEqualTo(b);
        assertThat(in.available()).isZero();
    }

    @Test
    void shouldGiveTheSameNameInstancesForEveryRecord() throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(Telemetry.of("pump-001", "plant-a", "centrifugal-pump", 1, 1000, Map.of("vib_rms_mm_s", 2.5)), out);
        serializer.serialize(Telemetry.of("pump-002", "plant-a", "centrifugal-pump", 1, 1000, Map.of("vib_rms_mm_s", 3.5)), out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());

        Telemetry first = serializer.deserialize(in);
        Telemetry second = serializer.deserialize(in);

        // The window's map per reading name then finds its entry by identity, hash computed once.
        assertThat(second.readings().keySet().iterator().next()).isSameAs(first.readings().keySet().iterator().next());
        assertThat(second.site()).isSameAs(first.site());
        assertThat(second.asset()).isSameAs(first.asset());
        assertThat(second.device()).isEqualTo("pump-002");
    }

    @Test
    void shouldSortReadingsThatArriveOutOfOrder() throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        out.writeInt(Telemetry.VERSION);
        for (String s : new String[] {"pump-001", "plant-a", "centrifugal-pump"}) {
            writeString(out, s);
        }
        out.writeLong(7);
        out.writeLong(1000);
        out.writeInt(3);
        writeString(out, "vib_rms_mm_s");
        out.writeDouble(2.5);
        writeString(out, "bearing_temp_c");
        out.writeDouble(61.0);
        writeString(out, "bearing_temp_c");  // a repeated name: the last value counts, as in a map
        out.writeDouble(62.0);

        Telemetry t = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));

        assertThat(t.readings()).containsExactly(Map.entry("bearing_temp_c", 62.0), Map.entry("vib_rms_mm_s", 2.5));
    }

    private static void writeString(DataOutputSerializer out, String s) throws Exception {
        byte[] utf8 = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    @Test
    void shouldCopyBytesForBytes() throws Exception {
        Telemetry a = Telemetry.of("pump-001", "plant-a", "centrifugal-pump", 7, 1000, Map.of("vib_rms_mm_s", 2.5));
        DataOutputSerializer first = new DataOutputSerializer(64);
        serializer.serialize(a, first);
        DataOutputSerializer second = new DataOutputSerializer(64);
        serializer.copy(new DataInputDeserializer(first.getCopyOfBuffer()), second);
        assertThat(second.getCopyOfBuffer()).isEqualTo(first.getCopyOfBuffer());
    }

    @Test
    void shouldHandOnTheSameImmutableRecordInsteadOfCopying() {
        Telemetry a = Telemetry.of("pump-001", "plant-a", "centrifugal-pump", 7, 1000, Map.of("vib_rms_mm_s", 2.5));
        assertThat(serializer.isImmutableType()).isTrue();
        assertThat(serializer.copy(a)).isSameAs(a);
    }

    @Test
    void shouldRestoreFromItsSnapshotAsCompatible() throws Exception {
        TypeSerializerSnapshot<Telemetry> snapshot = serializer.snapshotConfiguration();
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);
        TypeSerializerSnapshot<Telemetry> read = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());

        assertThat(read.restoreSerializer()).isEqualTo(serializer);
        assertThat(serializer.snapshotConfiguration().resolveSchemaCompatibility(read).isCompatibleAsIs()).isTrue();
    }
}
