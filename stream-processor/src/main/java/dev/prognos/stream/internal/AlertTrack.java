package dev.prognos.stream.internal;

import dev.prognos.core.alert.Alert;

/**
 * Keyed state of {@link dev.prognos.stream.DeviceDetector}: the one alert of a (detector,
 * condition) while it lives. A Flink POJO.
 */
public final class AlertTrack {
    /** The alert as last written (OPEN, ACKNOWLEDGED, or RESOLVED by a person). */
    public Alert alert;
    /** Window end (epoch ms) from which the condition has been clear; -1 while it holds. */
    public long clearSinceMs = -1;
    /** Resolved by a person while the condition held: no new alert until it clears once. */
    public boolean resolvedByPerson;

    public AlertTrack() {
    }

    public AlertTrack(Alert alert) {
        this.alert = alert;
    }
}
