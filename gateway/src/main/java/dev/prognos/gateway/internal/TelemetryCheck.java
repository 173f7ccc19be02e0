package dev.prognos.gateway.internal;

import dev.prognos.core.MqttTopics;
import dev.prognos.core.telemetry.InvalidTelemetryException;
import dev.prognos.core.telemetry.Telemetry;
import dev.prognos.core.telemetry.TelemetryJson;

/**
 * Decides whether an MQTT message is telemetry the platform accepts: a device telemetry topic,
 * a payload that follows the contract, and the same site and device in both. A device may only
 * speak for itself: the broker's ACLs bind a credential to its topic prefix, so a payload naming
 * another device is refused rather than trusted.
 */
public final class TelemetryCheck {

    private TelemetryCheck() {
    }

    /**
     * @return the decoded telemetry
     * @throws InvalidTelemetryException naming the field that is wrong (null for the topic or
     *                                   the payload as a whole)
     */
    public static Telemetry check(String topic, byte[] payload) {
        return check(topic, MqttTopics.parse(topic).orElse(null), payload);
    }

    /**
     * @param parsed {@code topic} as {@link MqttTopics#parse} read it (null when it is no device
     *               topic), for a caller that parsed it already
     */
    public static Telemetry check(String topic, MqttTopics.DeviceTopic parsed, byte[] payload) {
        if (parsed == null || !MqttTopics.TELEMETRY.equals(parsed.kind())) {
            throw new InvalidTelemetryException(null,
                    "topic '" + topic + "' is not " + MqttTopics.PREFIX + "{site}/{device}/" + MqttTopics.TELEMETRY);
        }
        MqttTopics.DeviceTopic source = parsed;
        Telemetry t = TelemetryJson.decode(payload);
        if (!t.device().equals(source.device())) {
            throw new InvalidTelemetryException("device", "\"" + t.device() + "\" differs from the topic's device \"" + source.device() + "\"");
        }
        if (!t.site().equals(source.site())) {
            throw new InvalidTelemetryException("site", "\"" + t.site() + "\" differs from the topic's site \"" + source.site() + "\"");
        }
        return t;
    }

    /** The text that goes to the dead-letter topic for a refusal. */
    public static String reasonOf(RuntimeException e) {
        if (e instanceof InvalidTelemetryException) {
            return e.getMessage();
        }
        // Not a contract violation: a bug or a codec failure; say what kind so it can be found.
        return "gateway could not process it: " + e.getClass().getName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
