package dev.prognos.console.internal;

import java.util.Locale;
import java.util.Set;

/**
 * What a user may do. Each role includes the ones below it: a viewer reads; a technician also
 * works alerts (acknowledge, assign, comment, resolve); an admin also manages users.
 */
public enum Role {
    VIEWER, TECHNICIAN, ADMIN;

    public static final String VIEWER_NAME = "viewer";
    public static final String TECHNICIAN_NAME = "technician";
    public static final String ADMIN_NAME = "admin";

    /** The lower-case name stored and shown. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The security roles this role grants (its own and every one below it). */
    public Set<String> grants() {
        return switch (this) {
            case VIEWER -> Set.of(VIEWER_NAME);
            case TECHNICIAN -> Set.of(VIEWER_NAME, TECHNICIAN_NAME);
            case ADMIN -> Set.of(VIEWER_NAME, TECHNICIAN_NAME, ADMIN_NAME);
        };
    }

    /** @throws IllegalArgumentException naming the valid roles */
    public static Role parse(String s) {
        if (s != null) {
            for (Role r : values()) {
                if (r.id().equals(s.trim().toLowerCase(Locale.ROOT))) {
                    return r;
                }
            }
        }
        throw new IllegalArgumentException("role must be viewer, technician or admin, got '" + s + "'");
    }
}
