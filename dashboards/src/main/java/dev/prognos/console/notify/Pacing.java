package dev.prognos.console.notify;

import dev.prognos.core.alert.Alert;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * When a due notification may go out on its channel: not during quiet hours unless it is
 * CRITICAL, and not more than {@code maxPerHour} in any 60 minutes. A notification held back is
 * due again when the hold ends; nothing is dropped.
 */
public final class Pacing {

    static final Duration WINDOW = Duration.ofHours(1);

    private final Optional<QuietHours> quiet;
    private final int maxPerHour;

    public Pacing(Optional<QuietHours> quiet, int maxPerHour) {
        if (maxPerHour < 1) {
            throw new IllegalArgumentException("max-per-hour must be >= 1, got " + maxPerHour);
        }
        this.quiet = quiet;
        this.maxPerHour = maxPerHour;
    }

    /**
     * @param sentInLastHour send times of this channel's notifications in the hour before {@code now}, oldest first
     * @return empty to send now, else the instant to try again
     */
    public Optional<Instant> holdUntil(Instant now, Alert.Severity severity, List<Instant> sentInLastHour) {
        if (severity != Alert.Severity.CRITICAL && quiet.isPresent() && quiet.get().contains(now)) {
            return Optional.of(quiet.get().endAfter(now));
        }
        List<Instant> recent = sentInLastHour.stream().filter(t -> t.isAfter(now.minus(WINDOW))).toList();
        if (recent.size() >= maxPerHour) {
            // The slot frees when the oldest send counted leaves the window.
            return Optional.of(recent.get(recent.size() - maxPerHour).plus(WINDOW));
        }
        return Optional.empty();
    }
}
