package dev.prognos.stream.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prognos.core.telemetry.Telemetry;
import dev.prognos.stream.FlinkTypes;
import dev.prognos.stream.Reading;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** The flat readings' Flink serializer: what goes in comes out, names canonical, a snapshot restores it. */
class ReadingSerializerTest {

    private final TypeSerializer<Reading> serializer = FlinkTypes.READING.createSerializer(new SerializerConfigImpl());

    @Test
    void shouldGiveBackTheSameReadingAfterARoundTrip() throws Exception {
        Reading a = Reading.of(Telemetry.of("pump-001", "plant-a", "centrifugal-pump", 42, 1_795_414_322_000L,
                Map.of("vib_rms_mm_s", 2.5, "bearing_temp_c", -3.25, "motor_current_a", Double.NaN, "ünits_°c", 1e300)));
        Reading b = Reading.of(Telemetry.of("pump-ä", "", "fan", Long.MAX_VALUE, Long.MIN_VALUE, Map.of()));
        String longName = "x".repeat(300);  // longer than the read buffer's first size and NameCache's names
        Reading c = Reading.of(Telemetry.of("d".repeat(200), "plant-é", "pump", 1, 2, Map.of(longName, 1.0)));

        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(a, out);
        serializer.serialize(b, out);
        serializer.serialize(c, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());

        assertThat(serializer.deserialize(in)).isEqualTo(a);
        assertThat(serializer.deserialize(null, in)).isEqualTo(b);
        Reading cBack = serializer.deserialize(in);
        assertThat(cBack).isEqualTo(c);
        assertThat(cBack.toTelemetry().readings()).containsExactly(Map.entry(longName, 1.0));
        assertThat(in.available()).isZero();
    }

    @Test
    void shouldWriteTheSameBytesAsTheTelemetryFormatAfterItsVersion() throws Exception {
        // ASCII strings go out char by char, others as UTF-8: both must be UTF-8 with a byte length.
        Telemetry t = Telemetry.of("pump-ä01", "plant-a", "centrifugal-pump", 7, 1000, Map.of("vib_rms_mm_s", 2.5, "temp_°c", 40.0));
        DataOutputSerializer flat = new DataOutputSerializer(64);
        serializer.serialize(Reading.of(t), flat);
        DataOutputSerializer telemetry = new DataOutputSerializer(64);
        FlinkTypes.TELEMETRY.createSerializer(new SerializerConfigImpl()).serialize(t, telemetry);

        byte[] withoutVersion = java.util.Arrays.copyOfRange(telemetry.getCopyOfBuffer(), Integer.BYTES, telemetry.length());
        assertThat(flat.getCopyOfBuffer()).isEqualTo(withoutVersion);
    }

    @Test
    void shouldGiveTheSameNameInstancesForEveryRecord() throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(Reading.of(Telemetry.of("pump-001", "plant-a", "centrifugal-pump", 1, 1000, Map.of("vib_rms_mm_s", 2.5))), out);
        serializer.serialize(Reading.of(Telemetry.of("pump-002", "plant-a", "centrifugal-pump", 1, 1000, Map.of("vib_rms_mm_s", 3.5))), out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());

        Reading first = serializer.deserialize(in);
        Reading second = serializer.deserialize(in);

        // The window's map per reading name then finds its entry by identity, hash computed once.
        assertThat(second.name(0)).isSameAs(first.name(0));
        assertThat(second.site()).isSameAs(first.site());
        assertThat(second.asset()).isSameAs(first.asset());
        assertThat(second.device()).isEqualTo("pump-002");
    }

    @Test
    void shouldSortReadingsThatArriveOutOfOrder() throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
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

        Reading r = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));

        assertThat(r.size()).isEqualTo(2);
        assertThat(r.toTelemetry().readings()).containsExactly(Map.entry("bearing_temp_c", 62.0), Map.entry("vib_rms_mm_s", 2.5));
    }

    @Test
    void shouldRefuseANegativeLength() throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(16);
        out.writeInt(-3);
        assertThatThrownBy(() -> serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer())))
                .isInstanceOf(IOException.class).hasMessageContaining("string length -3");
    }

    private static void writeString(DataOutputSerializer out, String s) throws Exception {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    @Test
    void shouldCopyBytesForBytes() throws Exception {
        Reading a = Reading.of(Telemetry.of("pump-001", "plant-a", "centrifugal-pump", 7, 1000, Map.of("vib_rms_mm_s", 2.5)));
        DataOutputSerializer first = new DataOutputSerializer(64);
        serializer.serialize(a, first);
        DataOutputSerializer second = new DataOutputSerializer(64);
        serializer.copy(new DataInputDeserializer(first.getCopyOfBuffer()), second);
        assertThat(second.getCopyOfBuffer()).isEqualTo(first.getCopyOfBuffer());
    }

    @Test
    void shouldHandOnTheSameImmutableRecordInsteadOfCopying() {
        Reading a = Reading.of(Telemetry.of("pump-001", "plant-a", "centrifugal-pump", 7, 1000, Map.of("vib_rms_mm_s", 2.5)));
        assertThat(serializer.isImmutableType()).isTrue();
        assertThat(serializer.copy(a)).isSameAs(a);
    }

    @Test
    void shouldGiveEachThreadItsOwnInstanceForItsReadBuffer() {
        TypeSerializer<Reading> other = serializer.duplicate();
        assertThat(other).isNotSameAs(serializer).isEqualTo(serializer);
        assertThat(FlinkTypes.DEVICE_INPUT.createSerializer(new SerializerConfigImpl()).duplicate())
                .as("the detector's input (Either) duplicates its reading serializer too")
                .isNotSameAs(FlinkTypes.DEVICE_INPUT.createSerializer(new SerializerConfigImpl()));
    }

    @Test
    void shouldRestoreFromItsSnapshotAsCompatible() throws Exception {
        TypeSerializerSnapshot<Reading> snapshot = serializer.snapshotConfiguration();
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);
        TypeSerializerSnapshot<Reading> read = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());

        assertThat(read.restoreSerializer()).isEqualTo(serializer);
        assertThat(serializer.snapshotConfiguration().resolveSchemaCompatibility(read).isCompatibleAsIs()).isTrue();
    }
}
