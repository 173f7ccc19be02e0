package dev.prognos.stream.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RecordTimestampsTest {

    @ParameterizedTest(name = "event {0} ms, now {1} ms -> {2} ms")
    @CsvSource({
            "1795414322789, 1795438601000, 1795414322789", // the past: event time
            "1795438601000, 1795438601000, 1795438601000", // now
            "1795438601001, 1795438601000, 1795438601000", // 1 ms ahead: now
            "1795445801000, 1795438601000, 1795438601000", // 2 h ahead (a device clock off): now
    })
    void shouldKeepEventTimeUnlessItIsAheadOfNow(long eventMs, long nowMs, long expectedMs) {
        assertThat(RecordTimestamps.notAfter(eventMs, nowMs)).isEqualTo(expectedMs);
    }
}
