package dev.prognos.hardware;

/**
 * A sensor could not be used: wrong chip at the address, a short or failed bus transfer, a
 * measurement that did not finish. The message always says which sensor and where.
 */
public class SensorException extends RuntimeException {

    public SensorException(String message) {
        super(message);
    }

    public SensorException(String message, Throwable cause) {
        super(message, cause);
    }
}
