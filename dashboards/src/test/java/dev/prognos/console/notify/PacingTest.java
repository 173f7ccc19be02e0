package dev.prognos.console.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prognos.core.alert.Alert;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PacingTest {

    static final Instant NIGHT = Instant.parse("2026-11-23T23:00:00Z");
    static final Instant DAY = Instant.parse("2026-11-23T12:00:00Z");
    static final Optional<QuietHours> QUIET = Optional.of(QuietHours.parse("22:00-06:00", "UTC"));

    @Test
    void shouldHoldWarningsUntilTheQuietHoursEndButSendCriticalAlertsAtOnce() {
        Pacing p = new Pacing(QUIET, 60);
        assertThat(p.holdUntil(NIGHT, Alert.Severity.WARNING, List.of())).contains(Instant.parse("2026-11-24T06:00:00Z"));
        assertThat(p.holdUntil(NIGHT, Alert.Severity.CRITICAL, List.of())).isEmpty();
        assertThat(p.holdUntil(DAY, Alert.Severity.WARNING, List.of())).isEmpty();
    }

    @Test
    void shouldHoldTheOneOverTheHourlyLimitUntilTheOldestCountedSendIsAnHourOld() {
        Pacing p = new Pacing(Optional.empty(), 3);
        List<Instant> sent = new ArrayList<>(List.of(DAY.minus(Duration.ofMinutes(90)), // outside the hour: not counted
                DAY.minus(Duration.ofMinutes(50)), DAY.minus(Duration.ofMinutes(20))));
        assertThat(p.holdUntil(DAY, Alert.Severity.CRITICAL, sent)).isEmpty();
        sent.add(DAY.minus(Duration.ofMinutes(5)));
        assertThat(p.holdUntil(DAY, Alert.Severity.CRITICAL, sent)).contains(DAY.plus(Duration.ofMinutes(10)));
    }
}
