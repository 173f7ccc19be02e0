package dev.prognos.core.telemetry;

/**
 * A telemetry payload that does not follow the contract. {@link #field()} names the offending
 * field as a JSON path ({@code seq}, {@code readings.bearing_temp_c}), {@link #reason()} says why;
 * the message combines both and is what goes to the dead-letter topic.
 */
public class InvalidTelemetryException extends IllegalArgumentException {

    private final String field;
    private final String reason;

    public InvalidTelemetryException(String field, String reason) {
        super(field == null ? reason : "field '" + field + "': " + reason);
        this.field = field;
        this.reason = reason;
    }

    public InvalidTelemetryException(String field, String reason, Throwable cause) {
        this(field, reason);
        initCause(cause);
    }

    /** JSON path of the offending field, or null when the payload as a whole is wrong. */
    public String field() {
        return field;
    }

    public String reason() {
        return reason;
    }
}
