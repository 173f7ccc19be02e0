package dev.prognos.core;

import java.util.Optional;

/**
 * MQTT topic names of DESIGN.md §3: {@code prognos/v1/{site}/{device}/{kind}} for a device,
 * {@code prognos/v1/models/{assetType}} for models.
 */
public final class MqttTopics {

    public static final String PREFIX = "prognos/v1/";
    public static final String TELEMETRY = "telemetry";
    public static final String STATUS = "status";
    public static final String ALERT = "alert";
    public static final String CONFIG = "config";

    /** Every device's telemetry, for a subscriber (site and device are single levels). */
    public static final String ALL_TELEMETRY = PREFIX + "+/+/" + TELEMETRY;

    public static String telemetry(String site, String device) {
        return device(site, device, TELEMETRY);
    }

    public static String status(String site, String device) {
        return device(site, device, STATUS);
    }

    /** Alerts raised on the device itself. */
    public static String alert(String site, String device) {
        return device(site, device, ALERT);
    }

    public static String config(String site, String device) {
        return device(site, device, CONFIG);
    }

    public static String model(String assetType) {
        return PREFIX + "models/" + assetType;
    }

    private static String device(String site, String device, String kind) {
        return PREFIX + site + "/" + device + "/" + kind;
    }

    /** The site and device a device topic names, if it is one. */
    public record DeviceTopic(String site, String device, String kind) {
    }

    public static Optional<DeviceTopic> parse(String topic) {
        if (topic == null || !topic.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String[] parts = topic.substring(PREFIX.length()).split("/", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new DeviceTopic(parts[0], parts[1], parts[2]));
    }

    private MqttTopics() {
    }
}
