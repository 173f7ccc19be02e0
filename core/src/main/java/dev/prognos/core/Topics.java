package dev.prognos.core;

/**
 * Kafka topic names of DESIGN.md §3. Every producer, consumer and test imports these
 * constants rather than spelling a name again.
 */
public final class Topics {

    /** Validated telemetry as Avro (single-object encoding), key = device id. */
    public static final String TELEMETRY = "prognos.telemetry";
    /** Per device and window: features, scores, RUL. */
    public static final String HEALTH = "prognos.health";
    /** Alerts as JSON ({@link dev.prognos.core.alert.AlertJson}), key = device id. */
    public static final String ALERTS = "prognos.alerts";
    /** Device birth and Last Will messages, compacted, key = device id. */
    public static final String DEVICE_STATUS = "prognos.device-status";
    /** Signed model artifacts, compacted, key = asset type. */
    public static final String MODELS = "prognos.models";
    /**
     * Desired configuration per device, compacted, key = {@code {site}/{device}} (the MQTT topic
     * needs both); the value is the document the gateway publishes, retained, on
     * {@code prognos/v1/{site}/{device}/config}. A tombstone clears it.
     */
    public static final String DEVICE_CONFIG = "prognos.device-config";
    /**
     * Acknowledgements and manual resolutions of alerts, written by the console, read by the
     * stream processor: JSON ({@link dev.prognos.core.alert.AlertAckJson}), key = device id.
     */
    public static final String ALERT_ACKS = "prognos.alert-acks";
    /**
     * Everything refused: the value is the raw input, the headers in {@link DeadLetterHeaders}
     * say why and where it came from.
     */
    public static final String DEADLETTER = "prognos.deadletter";

    /** Every topic the platform uses, in creation order. */
    public static final java.util.List<String> ALL =
            java.util.List.of(TELEMETRY, HEALTH, ALERTS, DEVICE_STATUS, MODELS, DEVICE_CONFIG, DEADLETTER, ALERT_ACKS);

    /** Topics whose newest record per key is the state (device status, model per asset, desired config). */
    public static boolean isCompacted(String topic) {
        return DEVICE_STATUS.equals(topic) || MODELS.equals(topic) || DEVICE_CONFIG.equals(topic);
    }

    private Topics() {
    }
}
