package dev.prognos.core.alert;

import java.util.Objects;

/**
 * A person's action on an alert, on {@link dev.prognos.core.Topics#ALERT_ACKS}, keyed by device.
 * The console writes it; the stream processor moves the alert to {@link Alert.State#ACKNOWLEDGED}
 * or {@link Alert.State#RESOLVED} and writes the new state to {@code prognos.alerts}.
 *
 * @param alertId the {@link Alert#id()} acted on
 * @param device  device of that alert (the Kafka key)
 * @param action  what the person did
 * @param by      who did it (user name), for the record
 * @param ts      when, epoch ms
 * @param note    optional free text
 */
public record AlertAck(String alertId, String device, Action action, String by, long ts, String note) {

    public enum Action { ACKNOWLEDGE, RESOLVE }

    public AlertAck {
        Objects.requireNonNull(alertId, "alertId");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(action, "action");
    }
}
