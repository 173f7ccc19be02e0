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
     * Everything refused: the value is the raw input, the headers in {@link DeadLetterHeaders}
     * say why and where it came from.
     */
    public static final String DEADLETTER = "prognos.deadletter";

    /** Every topic the platform uses, in creation order. */
    public static final java.util.List<String> ALL =
            java.util.List.of(TELEMETRY, HEALTH, ALERTS, DEVICE_STATUS, MODELS, DEADLETTER);

    /** Topics whose newest record per key is the state (device status, model per asset). */
    public static boolean isCompacted(String topic) {
        return DEVICE_STATUS.equals(topic) || MODELS.equals(topic);
    }

    private Topics() {
    }
}
