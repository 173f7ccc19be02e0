package dev.prognos.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FailureRecordsTest {

    @TempDir
    Path dir;

    private Path csv(String... lines) throws IOException {
        Path f = dir.resolve("failures.csv");
        Files.write(f, List.of(lines));
        return f;
    }

    @Nested
    @DisplayName("the simulators' ground truth")
    class GroundTruth {

        @Test
        void shouldKeepTheChosenFaultsWithTheirOnset() throws IOException {
            Path f = csv("device,fault,onset_ms,failure_ms",
                    "pump-002,bearing-wear,1500,3000",
                    "pump-002,misalignment,1200,2300",
                    "pump-001,bearing-wear,800,2000");

            assertThat(FailureRecords.read(f, Set.of("bearing-wear"))).containsExactly(
                    new FailureRecords.Life("pump-001", Long.MIN_VALUE, 2000, 800),
                    new FailureRecords.Life("pump-002", Long.MIN_VALUE, 3000, 1500));
        }

        @Test
        void shouldRefuseAFaultThatBeganBeforeThePreviousFailureAndSayWhichOptionChooses() throws IOException {
            // Without a filter, misalignment (full at 2300) would end a life, and bearing wear began at 1500.
            Path f = csv("device,fault,onset_ms,failure_ms",
                    "pump-002,bearing-wear,1500,3000",
                    "pump-002,misalignment,1200,2300");

            assertThatThrownBy(() -> FailureRecords.read(f, Set.of())).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("pump-002").hasMessageContaining("--failure-faults")
                    .hasMessageContaining("[bearing-wear, misalignment]");
        }
    }

    @Nested
    @DisplayName("maintenance records")
    class Maintenance {

        @Test
        void shouldSplitADeviceIntoLivesAtEachFailure() throws IOException {
            Path f = csv("work_order,device,failure_time,notes",
                    "WO-7,fan-1,2026-11-20T10:00:00Z,bearing replaced",
                    "WO-3,fan-1,2026-11-01T00:00:00Z,seal",
                    "WO-9,fan-2,2026-11-21T00:00:00.500Z,");

            assertThat(FailureRecords.read(f, Set.of())).containsExactly(
                    new FailureRecords.Life("fan-1", Long.MIN_VALUE, 1_793_491_200_000L, Long.MIN_VALUE),
                    new FailureRecords.Life("fan-1", 1_793_491_200_000L, 1_795_168_800_000L, Long.MIN_VALUE),
                    new FailureRecords.Life("fan-2", Long.MIN_VALUE, 1_795_219_200_500L, Long.MIN_VALUE));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "no failure column        | device,when          | fan-1,5                 | failure_ms (epoch ms) or failure_time",
            "failure_ms not a number  | device,failure_ms    | fan-1,soon              | line 2: failure_ms must be epoch milliseconds, got 'soon'",
            "failure_time not ISO     | device,failure_time  | fan-1,2026-11-20        | line 2: failure_time must be an ISO-8601 instant",
            "field count              | device,failure_ms    | fan-1,5,6               | line 2: 3 fields, the header has 2",
            "empty device             | device,failure_ms    | ' ,5'                   | line 2: empty device",
            "no rows                  | device,failure_ms    | ''                      | has no failure rows",
    })
    void shouldNameTheLineAndColumnOfBadInput(String what, String header, String line, String message) throws IOException {
        Path f = csv(header, line);

        assertThatThrownBy(() -> FailureRecords.read(f, Set.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--failures").hasMessageContaining(message);
    }

    @Test
    void shouldRefuseAFaultFilterWithoutAFaultColumn() throws IOException {
        Path f = csv("device,failure_ms", "fan-1,5");

        assertThatThrownBy(() -> FailureRecords.read(f, Set.of("bearing-wear")))
                .hasMessageContaining("--failure-faults").hasMessageContaining("no fault column");
    }
}
