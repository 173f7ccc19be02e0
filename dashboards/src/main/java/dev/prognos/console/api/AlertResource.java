package dev.prognos.console.api;

import dev.prognos.console.internal.AckPublisher;
import dev.prognos.console.internal.AlertStore;
import dev.prognos.console.internal.ConsoleEvents;
import dev.prognos.console.internal.Role;
import dev.prognos.core.alert.Alert;
import dev.prognos.core.alert.AlertAck;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Locale;

/**
 * The alert inbox and its actions. Alert ids contain slashes, so they travel as a query parameter
 * or in the JSON body, never in the path. Acknowledge and resolve are written to
 * {@code prognos.alert-acks} for the stream processor first, then to the database: when Kafka does
 * not take it the person gets 503 and nothing changed.
 */
@Path("/api/v1/alerts")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.VIEWER_NAME)
public class AlertResource {

    /** The body of the actions: {@code id} always; {@code note}, {@code assignee} or {@code text} as the action needs. */
    public record Action(String id, String note, String assignee, String text) {
    }

    /** One alert with its audit trail. */
    public record AlertDetail(Alert alert, String assignee, long updatedAt, List<AlertStore.AuditEntry> audit) {
    }

    @Inject
    AlertStore alerts;
    @Inject
    AckPublisher acks;
    @Inject
    ConsoleEvents events;
    @Inject
    SecurityIdentity identity;

    /** Newest first; {@code state} OPEN, ACKNOWLEDGED or RESOLVED; {@code device}; at most {@code limit} (1..1000). */
    @GET
    public List<AlertStore.AlertView> list(@QueryParam("state") String state, @QueryParam("device") String device,
                                           @QueryParam("limit") @DefaultValue("200") int limit) {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit must be 1..1000, got " + limit);
        }
        return alerts.list(parseState(state), device == null || device.isBlank() ? null : device, limit);
    }

    @GET
    @Path("one")
    public AlertDetail one(@QueryParam("id") String id) {
        AlertStore.AlertView v = alerts.find(required(id)).orElseThrow(() -> new NotFoundException("no alert " + id));
        return new AlertDetail(v.alert(), v.assignee(), v.updatedAt(), alerts.audit(id));
    }

    @POST
    @Path("acknowledge")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Role.TECHNICIAN_NAME)
    public AlertDetail acknowledge(Action a) {
        return move(a, Alert.State.ACKNOWLEDGED, AlertAck.Action.ACKNOWLEDGE);
    }

    @POST
    @Path("resolve")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Role.TECHNICIAN_NAME)
    public AlertDetail resolve(Action a) {
        return move(a, Alert.State.RESOLVED, AlertAck.Action.RESOLVE);
    }

    @POST
    @Path("assign")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Role.TECHNICIAN_NAME)
    public AlertDetail assign(Action a) {
        String id = required(a == null ? null : a.id());
        String who = a.assignee() == null || a.assignee().isBlank() ? null : a.assignee().trim();
        if (!alerts.assign(id, who, actor())) {
            throw new NotFoundException("no alert " + id);
        }
        return published(id);
    }

    @POST
    @Path("comment")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Role.TECHNICIAN_NAME)
    public AlertDetail comment(Action a) {
        String id = required(a == null ? null : a.id());
        if (a.text() == null || a.text().isBlank()) {
            throw new IllegalArgumentException("text: the comment is empty");
        }
        if (!alerts.comment(id, a.text().strip(), actor())) {
            throw new NotFoundException("no alert " + id);
        }
        return published(id);
    }

    private AlertDetail move(Action a, Alert.State target, AlertAck.Action action) {
        String id = required(a == null ? null : a.id());
        AlertStore.AlertView v = alerts.find(id).orElseThrow(() -> new NotFoundException("no alert " + id));
        if (v.alert().state().compareTo(target) >= 0) {
            throw new IllegalStateException("alert " + id + " is " + v.alert().state() + ", it cannot become " + target);
        }
        try {
            acks.send(new AlertAck(id, v.alert().device(), action, actor(), System.currentTimeMillis(), a.note()));
        } catch (IllegalStateException e) {
            throw new Errors.Unavailable(e.getMessage(), e);
        }
        alerts.move(id, target, actor(), a.note());
        return published(id);
    }

    private AlertDetail published(String id) {
        AlertDetail d = one(id);
        events.publish(ConsoleEvents.ALERT, d.alert());
        events.publish(ConsoleEvents.DEVICE, d.alert().device());
        return d;
    }

    private String actor() {
        return identity.getPrincipal().getName();
    }

    static String required(String id) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("id: the alert id is missing");
        }
        return id;
    }

    static Alert.State parseState(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return Alert.State.valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("state must be OPEN, ACKNOWLEDGED or RESOLVED, got '" + s + "'");
        }
    }
}
