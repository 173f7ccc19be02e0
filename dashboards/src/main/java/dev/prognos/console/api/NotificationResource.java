package dev.prognos.console.api;

import dev.prognos.console.internal.Role;
import dev.prognos.console.notify.Dispatcher;
import io.agroal.api.AgroalDataSource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The notification outbox, newest first: what was sent where, what waits and why. */
@Path("/api/v1/notifications")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.ADMIN_NAME)
public class NotificationResource {

    @Inject
    AgroalDataSource ds;

    @GET
    public List<Dispatcher.Entry> list(@QueryParam("limit") @DefaultValue("200") int limit) {
        if (limit < 1 || limit > 5000) {
            throw new IllegalArgumentException("limit must be 1..5000, got " + limit);
        }
        return Dispatcher.entries(ds, limit);
    }
}
