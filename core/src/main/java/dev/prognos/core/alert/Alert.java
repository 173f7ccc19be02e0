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
 * @param retroactive true when the alert was computed from data that arrived late (a device
 *                  flushing its outbox): the condition held at {@code ts}, which may be long ago.
 *                  Absent (false) in alerts written before the field existed
 * @param stateTs   event time at which the alert entered {@code state}, epoch ms: {@code ts} when
 *                  it opened, later for acknowledged and resolved. 0 in alerts written before the
 *                  field existed: read it through {@link #stateTime()}
 */
public record Alert(String id, String device, String site, String asset, String detector,
                    String condition, Severity severity, State state, String reading,
                    double value, double threshold, long ts, long seq, String message,
                    boolean retroactive, long stateTs) {

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

    /** An alert that opened now from on-time data: not retroactive, state time = {@code ts}. */
    public Alert(String id, String device, String site, String asset, String detector,
                 String condition, Severity severity, State state, String reading,
                 double value, double threshold, long ts, long seq, String message) {
        this(id, device, site, asset, detector, condition, severity, state, reading, value, threshold, ts, seq,
                message, false, ts);
    }

    /** When the alert entered its state, epoch ms; {@code ts} for alerts written without it. */
    public long stateTime() {
        return stateTs == 0 ? ts : stateTs;
    }

    /** The same alert in another state, entered at {@code stateTs} (epoch ms, event time). */
    public Alert withState(State newState, long newStateTs) {
        return new Alert(id, device, site, asset, detector, condition, severity, newState, reading, value, threshold,
                ts, seq, message, retroactive, newStateTs);
    }

    /** The id of the one alert a device may have per detector and condition. */
    public static String idOf(String device, String detector, String condition, long openedTs) {
        return device + "/" + detector + "/" + condition + "/" + openedTs;
    }
}
