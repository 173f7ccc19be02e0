package dev.prognos.stream.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prognos.core.features.window.WindowFeatures;
import dev.prognos.stream.DeviceHealth;
import dev.prognos.stream.FlinkTypes;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** Health records and alerts: Flink's bytes, without Flink's deep copies. */
class UnchangedRecordTypeTest {

    private final TypeSerializer<DeviceHealth> serializer = FlinkTypes.HEALTH.createSerializer(new SerializerConfigImpl());
    private final DeviceHealth health = new DeviceHealth("pump-001", "plant-a", "centrifugal-pump", 1_000, 11_000, false,
            new TreeMap<>(Map.of("vib_rms_mm_s", new WindowFeatures(2, 8.0, 0.1, 7.9, 8.1, 0.05))), "D",
            new TreeMap<>(Map.of("vib_rms_mm_s", 7.5)), new TreeMap<>(), true, 2, 0, Double.NaN, Double.NaN);

    @Test
    void shouldHandOnTheSameRecordInsteadOfADeepCopy() {
        assertThat(serializer.isImmutableType()).isTrue();
        assertThat(serializer.copy(health)).isSameAs(health);
        assertThat(serializer.copy(health, null)).isSameAs(health);
    }

    @Test
    void shouldWriteTheBytesOfFlinksOwnSerializer() throws Exception {
        TypeSerializer<DeviceHealth> flinks = TypeInformation.of(DeviceHealth.class).createSerializer(new SerializerConfigImpl());
        DataOutputSerializer ours = new DataOutputSerializer(256);
        DataOutputSerializer theirs = new DataOutputSerializer(256);
        serializer.serialize(health, ours);
        flinks.serialize(health, theirs);

        assertThat(ours.getCopyOfBuffer()).isEqualTo(theirs.getCopyOfBuffer());
        assertThat(serializer.deserialize(new DataInputDeserializer(ours.getCopyOfBuffer()))).isEqualTo(health);
    }

    @Test
    void shouldRestoreFromItsSnapshotAsCompatible() throws Exception {
        TypeSerializerSnapshot<DeviceHealth> snapshot = serializer.snapshotConfiguration();
        DataOutputSerializer out = new DataOutputSerializer(256);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);
        TypeSerializerSnapshot<DeviceHealth> read = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());

        assertThat(read.restoreSerializer()).isEqualTo(serializer);
        assertThat(serializer.snapshotConfiguration().resolveSchemaCompatibility(read).isCompatibleAsIs()).isTrue();
    }
}
