package dev.prognos.console.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseBroadcaster;
import jakarta.ws.rs.sse.SseEventSink;

/**
 * Live updates to every open page over server-sent events: {@code device} (a device's row
 * changed), {@code alert} (an alert was raised or moved) and {@code health} (a new health window).
 */
@ApplicationScoped
public class ConsoleEvents {

    /** Event names. */
    public static final String DEVICE = "device";
    public static final String ALERT = "alert";
    public static final String HEALTH = "health";

    private final ObjectMapper json;
    private Sse sse;
    private SseBroadcaster broadcaster;

    @Inject
    public ConsoleEvents(ObjectMapper json) {
        this.json = json;
    }

    public synchronized void register(SseEventSink sink, Sse sse) {
        if (broadcaster == null) {
            this.sse = sse;
            this.broadcaster = sse.newBroadcaster();
        }
        broadcaster.register(sink);
    }

    /** Sends {@code body} as JSON to every listener; nothing when nobody listens. */
    public void publish(String name, Object body) {
        SseBroadcaster b;
        Sse s;
        synchronized (this) {
            b = broadcaster;
            s = sse;
        }
        if (b == null) {
            return;
        }
        String data;
        try {
            data = body instanceof String str ? str : json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        b.broadcast(s.newEventBuilder().name(name).mediaType(MediaType.APPLICATION_JSON_TYPE).data(data).build());
    }
}
