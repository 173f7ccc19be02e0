package dev.prognos.core.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Locale;

/** JSON codec for {@link Alert}, and the one-line form people read. Thread-safe. */
public final class AlertJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private AlertJson() {
    }

    public static byte[] encode(Alert alert) {
        try {
            return MAPPER.writeValueAsBytes(alert);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @throws IllegalArgumentException when the bytes are not an alert */
    public static Alert decode(byte[] json) {
        try {
            return MAPPER.readValue(json, Alert.class);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a Prognos alert: " + e.getMessage(), e);
        }
    }

    /**
     * One readable line, e.g.
     * {@code 2026-11-23T07:41:14.120Z CRITICAL OPEN pump-007 plant-a/centrifugal-pump rule vib_rms_mm_s>=7.1 value 7.42 (seq 1234)}.
     */
    public static String line(Alert a) {
        return String.format(Locale.ROOT, "%s %-8s %-5s %s %s/%s %s %s value %s (seq %d) %s",
                Instant.ofEpochMilli(a.ts()), a.severity(), a.state(), a.device(), a.site(), a.asset(),
                a.detector(), a.condition(), trim(a.value()), a.seq(),
                a.message() == null ? "" : a.message()).stripTrailing()
                + (a.state() != Alert.State.OPEN ? " since " + Instant.ofEpochMilli(a.stateTime()) : "")
                + (a.retroactive() ? " [retroactive: from late data]" : "");
    }

    private static String trim(double d) {
        return String.format(Locale.ROOT, "%.3f", d).replaceAll("\\.?0+$", "");
    }
}
