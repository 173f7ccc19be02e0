package dev.prognos.edge.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackoffTest {

    @ParameterizedTest(name = "attempt {0} with random {1}: {2} ms")
    @CsvSource({
            "0, 0.0, 250",     // half of the 500 ms step is fixed
            "0, 1.0, 500",
            "1, 0.0, 500",     // the step doubles
            "3, 0.5, 3000",    // 4000 ms step: 2000 + 0.5 * 2000
            "7, 1.0, 60000",   // 64000 capped at 60000
            "50, 0.0, 30000",  // stays capped, no overflow
    })
    void shouldDoubleUpToTheCapWithHalfOfEachStepJittered(int attempt, double random, long expectedMs) {
        Backoff b = new Backoff(500, 60_000, () -> random);
        for (int i = 0; i < attempt; i++) {
            b.nextDelayMs();
        }
        assertThat(b.nextDelayMs()).isEqualTo(expectedMs);
    }

    @ParameterizedTest
    @CsvSource({"5, 0.0"})
    void shouldStartOverAfterReset(int attempts, double random) {
        Backoff b = new Backoff(500, 60_000, () -> random);
        for (int i = 0; i < attempts; i++) {
            b.nextDelayMs();
        }
        b.reset();
        assertThat(b.nextDelayMs()).isEqualTo(250);
    }
}
