package dev.prognos.core.alert;

import java.util.Objects;

/**
 * An alert on {@link dev.prognos.core.Topics#ALERTS}, keyed by device.
 *
 * @param id        stable id: one alert per device, detector and condition, opened at {@code ts}
 * @param device    device id
 * @param site      site of the device
 * @param asset     asset type
 * @param detector  which detector raised it ({@code rule}, {@code baseline}, {@code model})
 * @param condition what was violated, e.g. {@code vib_rms_mm_s>=7.1}
 * @param severity  how bad it is
 * @param state     where it is in its lifecycle
 * @param reading   the reading name the condition is about
 * @param value     the value that raised it, in the reading's unit
 * @param threshold the limit it crossed, in the reading's unit
 * @param ts        event time of the reading that raised it, epoch ms
 * @param seq       seq of that reading
 * @param message   one readable sentence
 */
public record Alert(String id, String device, String site, String asset, String detector,
                    String condition, Severity severity, State state, String reading,
                    double value, double threshold, long ts, long seq, String message) {

    public enum Severity { INFO, WARNING, CRITICAL }

    public enum State { OPEN, ACKNOWLEDGED, RESOLVED }

    public Alert {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(detector, "detector");
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(state, "state");
    }

    /** The id of the one alert a device may have per detector and condition. */
    public static String idOf(String device, String detector, String condition, long openedTs) {
        return device + "/" + detector + "/" + condition + "/" + openedTs;
    }
}
