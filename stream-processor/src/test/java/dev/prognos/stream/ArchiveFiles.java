package dev.prognos.stream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.LocalInputFile;

/** Reads the archive back for tests with parquet-avro's reader (no Spark). */
final class ArchiveFiles {

    private ArchiveFiles() {
    }

    /** The committed part files under {@code dir}: visible, ending in .parquet (in-progress ones are hidden). */
    static List<Path> parts(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> p.getFileName().toString().endsWith(HealthArchive.PART_SUFFIX))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<GenericRecord> rows(Path part) {
        List<GenericRecord> rows = new ArrayList<>();
        try (ParquetReader<GenericRecord> reader = AvroParquetReader.<GenericRecord>builder(new LocalInputFile(part)).build()) {
            for (GenericRecord r = reader.read(); r != null; r = reader.read()) {
                rows.add(r);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + part + ": " + e.getMessage(), e);
        }
        return rows;
    }
}
