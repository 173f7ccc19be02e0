package dev.prognos.console.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prognos.console.ConsoleOptions;
import dev.prognos.console.api.Errors;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Health history from InfluxDB 1.x through InfluxQL {@code GET /query} (what Debian's influxd 1.6
 * and InfluxDB 2.x's v1 compatibility API answer): the stream processor's measurement
 * {@value #MEASUREMENT}, tag {@code device}, fields such as {@code vib_rms_mm_s_mean} or
 * {@code z_bearing_temp_c}.
 */
@ApplicationScoped
public class InfluxHistory {

    /** The stream processor's measurement (InfluxHealthSink.MEASUREMENT). */
    public static final String MEASUREMENT = "device_health";
    static final Pattern FIELD = Pattern.compile("[A-Za-z0-9_]{1,100}");
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** One field's series: {@code points} are {@code [epoch ms, mean]}. */
    public record Series(String device, String field, int stepSeconds, List<double[]> points) {
    }

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    @Inject
    ConsoleOptions options;

    /** The InfluxQL statement for a field's mean per step over the last minutes. */
    public static String statement(String device, String field, int minutes, int step) {
        if (field == null || !FIELD.matcher(field).matches()) {
            throw new IllegalArgumentException("field must be 1-100 of letters, digits and _, got '" + field + "'");
        }
        if (minutes < 1 || minutes > 7 * 24 * 60) {
            throw new IllegalArgumentException("minutes must be 1..10080, got " + minutes);
        }
        if (step < 1 || step > 86_400) {
            throw new IllegalArgumentException("step must be 1..86400 s, got " + step);
        }
        String dev = device.replace("\\", "\\\\").replace("'", "\\'");
        return String.format(Locale.ROOT, "SELECT mean(\"%s\") FROM \"%s\" WHERE \"device\" = '%s' AND time > now() - %dm "
                + "GROUP BY time(%ds) fill(none)", field, MEASUREMENT, dev, minutes, step);
    }

    public Series query(String device, String field, int minutes, int step) {
        String q = statement(device, field, minutes, step);
        String base = options.influxUrl().filter(u -> !u.isBlank()).orElseThrow(() -> new Errors.Unavailable(
                "no history: InfluxDB is not configured (" + ConsoleOptions.INFLUX_URL + ")", null));
        URI uri = URI.create(base.replaceAll("/+$", "") + "/query?epoch=ms&db="
                + URLEncoder.encode(options.influxDb(), StandardCharsets.UTF_8) + "&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8));
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new Errors.Unavailable("InfluxDB answered " + r.statusCode() + ": " + r.body(), null);
            }
            JsonNode result = json.readTree(r.body()).path("results").path(0);
            if (result.has("error")) {
                throw new Errors.Unavailable("InfluxDB: " + result.get("error").asText(), null);
            }
            List<double[]> points = new ArrayList<>();
            for (JsonNode v : result.path("series").path(0).path("values")) {
                if (v.path(1).isNumber()) {
                    points.add(new double[] {v.path(0).asDouble(), v.path(1).asDouble()});
                }
            }
            return new Series(device, field, step, points);
        } catch (IOException e) {
            throw new Errors.Unavailable("InfluxDB at " + base + " unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Errors.Unavailable("interrupted", e);
        }
    }
}
