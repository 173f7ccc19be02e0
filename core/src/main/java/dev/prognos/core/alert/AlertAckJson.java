package dev.prognos.core.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * JSON codec for {@link AlertAck}, e.g.
 * {@code {"alertId":"pump-007/rule/iso10816_zone>=D/1795414322789","device":"pump-007","action":"ACKNOWLEDGE","by":"ana","ts":1795414400000,"note":"on my way"}}.
 * Thread-safe; unknown fields are ignored so the console may add some.
 */
public final class AlertAckJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private AlertAckJson() {
    }

    public static byte[] encode(AlertAck ack) {
        try {
            return MAPPER.writeValueAsBytes(ack);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @throws IllegalArgumentException when the bytes are not an acknowledgement */
    public static AlertAck decode(byte[] json) {
        try {
            return MAPPER.readValue(json, AlertAck.class);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a Prognos alert acknowledgement: " + e.getMessage(), e);
        }
    }
}
