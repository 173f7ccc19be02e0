package dev.prognos.console.api;

import dev.prognos.console.internal.Role;
import dev.prognos.console.internal.UserStore;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.TreeSet;

/** Who is logged in ({@code /me}), and user management for admins. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class UserResource {

    /** The logged-in user and the roles granted. */
    public record Me(String name, List<String> roles) {
    }

    /** A new user: name, role (viewer, technician, admin), password (at least 10 characters). */
    public record NewUser(String name, String role, String password) {
    }

    @Inject
    UserStore users;
    @Inject
    SecurityIdentity identity;

    @GET
    @Path("me")
    @RolesAllowed(Role.VIEWER_NAME)
    public Me me() {
        return new Me(identity.getPrincipal().getName(), List.copyOf(new TreeSet<>(identity.getRoles())));
    }

    /** Ends the browser session: the session cookie is cleared. */
    @POST
    @Path("logout")
    @RolesAllowed(Role.VIEWER_NAME)
    public Response logout() {
        return Response.noContent().cookie(new jakarta.ws.rs.core.NewCookie.Builder(SESSION_COOKIE).path("/").value("")
                .maxAge(0).httpOnly(true).build()).build();
    }

    /** The form login's cookie (quarkus.http.auth.form.cookie-name). */
    public static final String SESSION_COOKIE = "prognos-session";

    @GET
    @Path("users")
    @RolesAllowed(Role.ADMIN_NAME)
    public List<UserStore.User> list() {
        return users.list();
    }

    @POST
    @Path("users")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Role.ADMIN_NAME)
    public Response create(NewUser u) {
        if (u == null || u.password() == null) {
            throw new IllegalArgumentException("password: missing");
        }
        UserStore.User created = users.create(u.name(), Role.parse(u.role()), u.password().toCharArray());
        return Response.status(201).entity(created).build();
    }
}
