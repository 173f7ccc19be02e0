package dev.prognos.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prognos.core.telemetry.Telemetry;
import dev.prognos.stream.internal.ArchiveRecords;
import dev.prognos.stream.internal.DayBucketAssigner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The whole job on a MiniCluster writing the training archive: Parquet per day, committed at checkpoints. */
class HealthArchiveJobTest {

    /** Midnight UTC, 2026-11-24. */
    private static final long MIDNIGHT = 1_795_478_400_000L;

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @Test
    void shouldArchiveEveryHealthRecordInTheDirectoryOfItsDay(@TempDir Path dir) throws Exception {
        TelemetryAlertJobTest.HealthSink.VALUES.clear();
        // Two pumps, one reading a second from 60 s before midnight to 60 s after: six 10 s windows each side.
        List<Telemetry> readings = new ArrayList<>();
        for (int s = 0; s < 120; s++) {
            long ts = MIDNIGHT - 60_000 + s * 1000L;
            readings.add(Telemetry.of("pump-001", "plant-a", "centrifugal-pump", s + 1, ts,
                    Map.of("vib_rms_mm_s", 2.0 + s * 0.01, "bearing_temp_c", 55.0)));
            readings.add(Telemetry.of("pump-002", "plant-a", "centrifugal-pump", s + 1, ts,
                    Map.of("vib_rms_mm_s", 3.0 + (s % 2) * 0.5, "bearing_temp_c", 60.0)));
        }
        StreamJobOptions options = StreamJobOptions.builder().checkpointIntervalMs(200).archiveDir(dir.toUri().toString()).build();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);

        new TelemetryAlertJob(TelemetryAlertJobTest.connectors(readings, List.of(), List.of()), options).execute(env);

        // Committed files only (the last ones at the final checkpoint when the input ended), each in its day.
        List<Path> parts = ArchiveFiles.parts(dir);
        assertThat(parts).isNotEmpty().allSatisfy(p -> assertThat(p.getParent().getParent()).isEqualTo(dir));
        assertThat(parts).extracting(p -> p.getParent().getFileName().toString()).containsOnly("dt=2026-11-23", "dt=2026-11-24");
        Map<String, GenericRecord> archived = new TreeMap<>();
        for (Path part : parts) {
            for (GenericRecord r : ArchiveFiles.rows(part)) {
                long start = (Long) r.get(ArchiveRecords.WINDOW_START_MS);
                assertThat(part.getParent().getFileName().toString()).isEqualTo(DayBucketAssigner.bucketOf(start));
                String key = r.get(ArchiveRecords.DEVICE) + "@" + start;
                assertThat(archived.put(key, r)).as("row %s once", key).isNull();
            }
        }
        // Exactly the health records of the job, with their features.
        assertThat(TelemetryAlertJobTest.HealthSink.VALUES).hasSize(2 * 12);
        assertThat(archived).hasSize(2 * 12);
        for (DeviceHealth h : TelemetryAlertJobTest.HealthSink.VALUES) {
            GenericRecord r = archived.get(h.device() + "@" + h.windowStart());
            assertThat(r).as("archived %s %d", h.device(), h.windowStart()).isNotNull();
            assertThat(r.get(ArchiveRecords.WINDOW_END_MS)).isEqualTo(h.windowEnd());
            GenericRecord vib = feature(r, "vib_rms_mm_s");
            assertThat(vib.get("count")).isEqualTo(h.features().get("vib_rms_mm_s").count());
            assertThat(vib.get("mean")).isEqualTo(h.features().get("vib_rms_mm_s").mean());
            assertThat(vib.get("slope")).isEqualTo(h.features().get("vib_rms_mm_s").slope());
        }
    }

    private static GenericRecord feature(GenericRecord row, String reading) {
        return (GenericRecord) ((Map<?, ?>) row.get(ArchiveRecords.FEATURES)).entrySet().stream()
                .filter(e -> e.getKey().toString().equals(reading)).findFirst().orElseThrow().getValue();
    }
}
