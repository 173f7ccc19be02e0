package dev.prognos.simulators;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * When a simulated machine's fault began and when it failed: what detectors are scored against.
 *
 * @param device        device id
 * @param fault         fault type, e.g. {@code bearing-wear}
 * @param onsetMillis   start of degradation, epoch milliseconds
 * @param failureMillis functional failure, epoch milliseconds; after {@code onsetMillis}
 */
public record GroundTruth(String device, String fault, long onsetMillis, long failureMillis) {

    public static final String CSV_HEADER = "device,fault,onset_ms,failure_ms";

    public GroundTruth {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(fault, "fault");
        if (failureMillis <= onsetMillis) {
            throw new IllegalArgumentException("failureMillis " + failureMillis + " must be after onsetMillis " + onsetMillis);
        }
    }

    public String csvLine() {
        return device + "," + fault + "," + onsetMillis + "," + failureMillis;
    }

    /** Writes the header and one line per device, replacing the file. */
    public static void writeCsv(Path file, List<GroundTruth> truths) {
        StringBuilder csv = new StringBuilder(CSV_HEADER).append('\n');
        truths.forEach(t -> csv.append(t.csvLine()).append('\n'));
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, csv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write ground truth to " + file + ": " + e.getMessage(), e);
        }
    }
}
