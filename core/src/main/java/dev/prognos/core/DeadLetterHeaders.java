package dev.prognos.core;

/**
 * Kafka header names on {@link Topics#DEADLETTER} records. The record value is the raw input,
 * byte for byte, so nothing good is lost and the input can be replayed once fixed.
 */
public final class DeadLetterHeaders {

    /** Why the input was refused, UTF-8, e.g. {@code field 'seq': must be an integer >= 0}. */
    public static final String REASON = "prognos.reason";
    /** Where it came from, UTF-8, e.g. {@code mqtt:prognos/v1/plant-a/pump-007/telemetry}. */
    public static final String SOURCE = "prognos.source";
    /** When it was refused, epoch milliseconds as decimal UTF-8 text. */
    public static final String REFUSED_AT_MS = "prognos.refused-at-ms";

    private DeadLetterHeaders() {
    }
}
