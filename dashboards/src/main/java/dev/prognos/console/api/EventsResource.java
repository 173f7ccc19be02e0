package dev.prognos.console.api;

import dev.prognos.console.internal.ConsoleEvents;
import dev.prognos.console.internal.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

/**
 * {@code GET /api/v1/events}: server-sent events {@code device} (data: the device id whose row
 * changed), {@code alert} (data: the alert JSON) and {@code health} (data: the health window JSON).
 */
@Path("/api/v1/events")
@RolesAllowed(Role.VIEWER_NAME)
public class EventsResource {

    @Inject
    ConsoleEvents events;

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void events(@Context SseEventSink sink, @Context Sse sse) {
        events.register(sink, sse);
    }
}
