package dev.prognos.trainer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * When devices failed, from a CSV with a header line: the simulators' ground truth
 * ({@code device,fault,onset_ms,failure_ms}) or maintenance records. Columns are found by name:
 * {@code device} (required); the failure time as {@code failure_ms} (epoch ms) or
 * {@code failure_time} (ISO-8601 instant, e.g. {@code 2026-11-23T14:05:00Z}); optionally the
 * degradation's onset as {@code onset_ms} or {@code onset_time}. Other columns (fault, work order,
 * notes) are ignored; fields must not contain commas. A device may have several rows: each failure
 * ends one life of the device, the next life starting just after it. With a {@code fault} column,
 * {@code faults} keeps only the rows of those faults: the simulators' file also lists faults that
 * never end in a failure (imbalance reaching its full severity), so take {@code bearing-wear} there.
 * A recorded onset before the previous failure of the same device is refused: two such rows
 * cannot both be failures.
 */
final class FailureRecords {

    /**
     * One life of a device.
     *
     * @param device    device id
     * @param startMs   exclusive start: the previous failure of the device, or {@link Long#MIN_VALUE}
     * @param failureMs the failure, epoch ms
     * @param onsetMs   the degradation's onset when recorded, else {@link Long#MIN_VALUE}
     */
    record Life(String device, long startMs, long failureMs, long onsetMs) {
    }

    private FailureRecords() {
    }

    /** The lives of every device, ordered by device then failure time. */
    static List<Life> read(Path csv, java.util.Set<String> faults) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("--failures " + csv + " is empty; expected a header line such as "
                    + "device,fault,onset_ms,failure_ms or device,failure_time");
        }
        List<String> header = Arrays.stream(lines.get(0).split(",", -1)).map(s -> s.trim().toLowerCase(Locale.ROOT)).toList();
        int device = header.indexOf("device");
        int failureMs = header.indexOf("failure_ms");
        int failureTime = header.indexOf("failure_time");
        int onsetMs = header.indexOf("onset_ms");
        int onsetTime = header.indexOf("onset_time");
        int fault = header.indexOf("fault");
        if (!faults.isEmpty() && fault < 0) {
            throw new IllegalArgumentException("--failure-faults " + faults + " given but " + csv + " has no fault column");
        }
        java.util.Set<String> seenFaults = new java.util.TreeSet<>();
        if (device < 0 || (failureMs < 0 && failureTime < 0)) {
            throw new IllegalArgumentException("--failures " + csv + ": the header must name a device column and "
                    + "failure_ms (epoch ms) or failure_time (ISO-8601), got '" + lines.get(0) + "'");
        }
        List<long[]> times = new ArrayList<>();
        List<String> devices = new ArrayList<>();
        for (int n = 1; n < lines.size(); n++) {
            String line = lines.get(n);
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(",", -1);
            if (f.length != header.size()) {
                throw new IllegalArgumentException("--failures " + csv + " line " + (n + 1) + ": " + f.length
                        + " fields, the header has " + header.size() + ": '" + line + "'");
            }
            if (fault >= 0) {
                seenFaults.add(f[fault].trim());
                if (!faults.isEmpty() && !faults.contains(f[fault].trim())) {
                    continue;
                }
            }
            String d = f[device].trim();
            if (d.isEmpty()) {
                throw new IllegalArgumentException("--failures " + csv + " line " + (n + 1) + ": empty device");
            }
            long failure = failureMs >= 0 ? millis(f[failureMs], "failure_ms", csv, n) : instant(f[failureTime], "failure_time", csv, n);
            long onset = onsetMs >= 0 ? millis(f[onsetMs], "onset_ms", csv, n)
                    : onsetTime >= 0 ? instant(f[onsetTime], "onset_time", csv, n) : Long.MIN_VALUE;
            devices.add(d);
            times.add(new long[] {failure, onset});
        }
        Integer[] order = new Integer[devices.size()];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.<Integer, String>comparing(devices::get).thenComparingLong(i -> times.get(i)[0]));
        List<Life> lives = new ArrayList<>();
        for (int k = 0; k < order.length; k++) {
            int i = order[k];
            boolean sameDevice = k > 0 && devices.get(order[k - 1]).equals(devices.get(i));
            long start = sameDevice ? times.get(order[k - 1])[0] : Long.MIN_VALUE;
            if (sameDevice && start == times.get(i)[0]) {
                throw new IllegalArgumentException("--failures " + csv + ": device " + devices.get(i)
                        + " has two failures at the same time " + start);
            }
            long onset = times.get(i)[1];
            if (sameDevice && onset != Long.MIN_VALUE && onset < start) {
                throw new IllegalArgumentException("--failures " + csv + ": device " + devices.get(i) + " has a fault "
                        + "whose onset " + onset + " is before its previous failure " + start + ": not both rows can be "
                        + "failures; keep the faults that end in a failure with --failure-faults (faults in the file: "
                        + seenFaults + ")");
            }
            lives.add(new Life(devices.get(i), start, times.get(i)[0], times.get(i)[1]));
        }
        if (lives.isEmpty()) {
            throw new IllegalArgumentException("--failures " + csv + " has no failure rows"
                    + (faults.isEmpty() ? "" : " of faults " + faults + " (faults in the file: " + seenFaults + ")"));
        }
        return lives;
    }

    private static long millis(String v, String column, Path csv, int n) {
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--failures " + csv + " line " + (n + 1) + ": " + column
                    + " must be epoch milliseconds, got '" + v + "'");
        }
    }

    private static long instant(String v, String column, Path csv, int n) {
        try {
            return Instant.parse(v.trim()).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--failures " + csv + " line " + (n + 1) + ": " + column
                    + " must be an ISO-8601 instant such as 2026-11-23T14:05:00Z, got '" + v + "'");
        }
    }
}
