package dev.prognos.stream;

import dev.prognos.core.alert.Alert;
import java.io.Serializable;

/**
 * What one detector concluded about one condition of one device for one window. The alert
 * lifecycle turns findings into alerts: an active finding opens (or keeps open) the one alert of
 * its {@code (detector, condition)}; an inactive one lets it clear after the hold time.
 *
 * @param detector  {@code rule}, {@code baseline}, {@code cusum} or {@code model}
 * @param condition what is checked, e.g. {@code iso10816_zone>=D}; stable, it is part of the alert id
 * @param active    the condition holds in this window (hysteresis already applied)
 * @param severity  severity of the alert it opens
 * @param reading   reading the condition is about
 * @param value     the window's value, in the reading's unit (a z-score or CUSUM sum: in standard deviations)
 * @param threshold the limit, same unit
 * @param message   one readable sentence for people, built only when asked: most findings of a
 *                  window are inactive and never become an alert, and formatting a sentence per
 *                  finding and window ({@code String.format}) cost more than the detector's check
 */
public record Finding(String detector, String condition, boolean active, Alert.Severity severity, String reading,
                      double value, double threshold, Message message) implements Serializable {

    /** A finding's sentence for people, formatted when an alert carries it. */
    @FunctionalInterface
    public interface Message extends Serializable {
        String text();
    }

    /** The lifecycle's key: one alert per device (the Flink key), detector and condition. */
    public String key() {
        return detector + "/" + condition;
    }
}
