package dev.prognos.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prognos.core.features.window.WindowFeatures;
import dev.prognos.stream.internal.ArchiveRecords;
import dev.prognos.stream.internal.DayBucketAssigner;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.local.LocalDataOutputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HealthArchiveTest {

    static DeviceHealth health(String device, long windowStart, boolean retroactive) {
        return new DeviceHealth(device, "plant-a", "centrifugal-pump", windowStart, windowStart + 10_000, retroactive,
                Map.of("vib_rms_mm_s", new WindowFeatures(10, 2.5, 0.25, 2.0, 3.0, 0.01),
                        "bearing_temp_c", new WindowFeatures(10, 55.0, 0.0, 55.0, 55.0, 0.0)),
                "A", Map.of("vib_rms_mm_s", 0.3), Map.of("vib_rms_mm_s", 0.0), true, 0, 0, Double.NaN, Double.NaN);
    }

    @Nested
    @DisplayName("the day bucket")
    class DayBucket {

        @ParameterizedTest(name = "window start {0} ms is in {1}")
        @CsvSource({
                "0,             dt=1970-01-01",
                "86399999,      dt=1970-01-01",
                "86400000,      dt=1970-01-02",
                "1795478399999, dt=2026-11-23",
                "1795478400000, dt=2026-11-24",
        })
        void shouldBeTheUtcDayOfTheWindowStart(long windowStart, String bucket) {
            assertThat(new DayBucketAssigner().getBucketId(health("pump-001", windowStart, false), null)).isEqualTo(bucket);
        }

        @Test
        void shouldFollowEventTimeNotArrival() {
            // A window of yesterday computed late still goes to yesterday's directory.
            assertThat(new DayBucketAssigner().getBucketId(health("pump-001", 86_390_000, true), null)).isEqualTo("dt=1970-01-01");
        }
    }

    @Nested
    @DisplayName("a row")
    class Row {

        @Test
        void shouldCarryTheDeviceTheWindowAndEveryReadingsFeatures() {
            GenericRecord r = ArchiveRecords.toRecord(health("pump-007", 1_000_000, true));

            assertThat(r.get(ArchiveRecords.DEVICE)).isEqualTo("pump-007");
            assertThat(r.get(ArchiveRecords.SITE)).isEqualTo("plant-a");
            assertThat(r.get(ArchiveRecords.ASSET)).isEqualTo("centrifugal-pump");
            assertThat(r.get(ArchiveRecords.WINDOW_START_MS)).isEqualTo(1_000_000L);
            assertThat(r.get(ArchiveRecords.WINDOW_END_MS)).isEqualTo(1_010_000L);
            assertThat(r.get(ArchiveRecords.RETROACTIVE)).isEqualTo(true);
            @SuppressWarnings("unchecked")
            Map<String, GenericRecord> features = (Map<String, GenericRecord>) r.get(ArchiveRecords.FEATURES);
            assertThat(features.keySet()).containsExactly("bearing_temp_c", "vib_rms_mm_s");
            GenericRecord vib = features.get("vib_rms_mm_s");
            assertThat(List.of(vib.get("count"), vib.get("mean"), vib.get("std"), vib.get("min"), vib.get("max"), vib.get("slope")))
                    .containsExactly(10L, 2.5, 0.25, 2.0, 3.0, 0.01);
        }

        @Test
        void shouldBeValidAgainstTheSchema() {
            GenericRecord r = ArchiveRecords.toRecord(health("pump-007", 1_000_000, false));
            assertThat(org.apache.avro.generic.GenericData.get().validate(ArchiveRecords.SCHEMA, r)).isTrue();
        }
    }

    @Test
    void shouldWriteParquetThatParquetAvroReadsBack(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("part.parquet");
        BulkWriter<DeviceHealth> writer = new HealthArchive.ParquetFactory().create(new LocalDataOutputStream(file.toFile()));
        writer.addElement(health("pump-001", 0, false));
        writer.addElement(health("pump-002", 10_000, true));
        writer.finish();

        List<GenericRecord> rows = ArchiveFiles.rows(file);

        assertThat(rows).extracting(r -> r.get(ArchiveRecords.DEVICE).toString(), r -> r.get(ArchiveRecords.WINDOW_START_MS),
                        r -> r.get(ArchiveRecords.RETROACTIVE))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("pump-001", 0L, false),
                        org.assertj.core.groups.Tuple.tuple("pump-002", 10_000L, true));
        GenericRecord vib = (GenericRecord) ((Map<?, ?>) rows.get(1).get(ArchiveRecords.FEATURES))
                .entrySet().stream().filter(e -> e.getKey().toString().equals("vib_rms_mm_s")).findFirst().orElseThrow().getValue();
        assertThat(vib.get("mean")).isEqualTo(2.5);
        assertThat(vib.get("slope")).isEqualTo(0.01);
    }
}
