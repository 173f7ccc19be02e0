package dev.prognos.stream;

import dev.prognos.stream.internal.ArchiveRecords;
import dev.prognos.stream.internal.DayBucketAssigner;
import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.Path;
import org.apache.flink.formats.parquet.ParquetBuilder;
import org.apache.flink.formats.parquet.ParquetWriterFactory;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;

/**
 * The training archive: every health record of the job (one row per device and window: its window
 * features per reading, the samples the deployed model is scored on) as Parquet files, one directory
 * per UTC day of the window's start, {@code <dir>/dt=YYYY-MM-DD/health-<uuid>-<n>.parquet}, for the
 * trainer ({@code ./prognos train --archive DIR}). Columns: {@link ArchiveRecords#SCHEMA}.
 *
 * <p>Exactly once: Flink's {@link FileSink} with a bulk format rolls a part file at every checkpoint
 * and makes it visible (renames it from a hidden {@code .…inprogress…} file) only once the checkpoint
 * has completed; a restore truncates nothing and re-writes nothing that was committed. Readers (Spark)
 * skip hidden files, so they never see a part still being written. Parquet by parquet-avro, Snappy
 * compressed.
 */
public final class HealthArchive {

    /** Prefix and suffix of the part files. */
    public static final String PART_PREFIX = "health";
    public static final String PART_SUFFIX = ".parquet";

    private HealthArchive() {
    }

    /**
     * The sink writing under {@code dir}.
     *
     * @param dir a Flink file system URI, e.g. {@code file:///var/lib/prognos/archive} or {@code s3://bucket/archive}
     */
    public static FileSink<DeviceHealth> sink(String dir) {
        return FileSink.forBulkFormat(new Path(dir), new ParquetFactory())
                .withBucketAssigner(new DayBucketAssigner())
                .withRollingPolicy(OnCheckpointRollingPolicy.build())
                .withOutputFileConfig(OutputFileConfig.builder().withPartPrefix(PART_PREFIX).withPartSuffix(PART_SUFFIX).build())
                .build();
    }

    /** Health records as archive rows, written by Flink's Parquet writer with parquet-avro. */
    public static final class ParquetFactory implements BulkWriter.Factory<DeviceHealth> {
        private static final long serialVersionUID = 1L;
        private final ParquetWriterFactory<GenericRecord> parquet = new ParquetWriterFactory<>(new AvroBuilder());

        @Override
        public BulkWriter<DeviceHealth> create(FSDataOutputStream out) throws IOException {
            BulkWriter<GenericRecord> rows = parquet.create(out);
            return new BulkWriter<>() {
                @Override
                public void addElement(DeviceHealth h) throws IOException {
                    rows.addElement(ArchiveRecords.toRecord(h));
                }

                @Override
                public void flush() throws IOException {
                    rows.flush();
                }

                @Override
                public void finish() throws IOException {
                    rows.finish();
                }
            };
        }
    }

    /** parquet-avro's writer for {@link ArchiveRecords#SCHEMA} (kept as JSON: serializable everywhere). */
    static final class AvroBuilder implements ParquetBuilder<GenericRecord> {
        private static final long serialVersionUID = 1L;
        private final String schema = ArchiveRecords.SCHEMA.toString();

        @Override
        public ParquetWriter<GenericRecord> createWriter(OutputFile out) throws IOException {
            return AvroParquetWriter.<GenericRecord>builder(out)
                    .withSchema(new Schema.Parser().parse(schema))
                    .withDataModel(GenericData.get())
                    .withCompressionCodec(CompressionCodecName.SNAPPY)
                    .build();
        }
    }
}
