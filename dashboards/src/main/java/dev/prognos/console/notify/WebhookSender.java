package dev.prognos.console.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prognos.console.ConsoleOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;

/**
 * POSTs a notification as JSON: the generic body as stored, or Slack's incoming-webhook form
 * {@code {"text": "..."}}. Any answer other than 2xx is a failure (and retried).
 */
public final class WebhookSender implements Sender {

    static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI url;
    private final ConsoleOptions.WebhookFormat format;
    private final HttpClient http;

    public WebhookSender(URI url, ConsoleOptions.WebhookFormat format) {
        this.url = url;
        this.format = format;
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    }

    @Override
    public void send(long notificationId, String payloadJson) throws IOException, InterruptedException {
        String body = format == ConsoleOptions.WebhookFormat.SLACK ? slack(payloadJson) : payloadJson;
        HttpRequest request = HttpRequest.newBuilder(url).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", "prognos-notification-" + notificationId)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("webhook " + url + " answered " + response.statusCode());
        }
    }

    /** Slack's incoming-webhook body: one line of text. */
    public static String slack(String payloadJson) throws IOException {
        return JSON.createObjectNode().put("text", text(payloadJson)).toString();
    }

    /** One readable line, e.g. {@code [CRITICAL] pump-007 (plant-a/centrifugal-pump): OPEN - vib ... (by stream-processor)}. */
    public static String text(String payloadJson) throws IOException {
        JsonNode p = JSON.readTree(payloadJson);
        JsonNode a = p.path("alert");
        String msg = a.path("message").asText("");
        return String.format(Locale.ROOT, "[%s] %s (%s/%s): %s - %s%s (by %s)", a.path("severity").asText(),
                a.path("device").asText(), a.path("site").asText(), a.path("asset").asText(),
                p.path("transition").asText(), a.path("condition").asText(), msg.isEmpty() ? "" : ": " + msg,
                p.path("by").asText());
    }
}
