package dev.prognos.console.api;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Errors as {@code {"error": "..."}}: bad input 400, a move the alert cannot make 409, Kafka unreachable 503. */
public class Errors {

    /** Thrown when Kafka did not take an acknowledgement. */
    public static final class Unavailable extends RuntimeException {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    static Response body(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(Map.of("error", message)).build();
    }

    @ServerExceptionMapper
    public Response badInput(IllegalArgumentException e) {
        return body(400, e.getMessage());
    }

    @ServerExceptionMapper
    public Response conflict(IllegalStateException e) {
        return body(409, e.getMessage());
    }

    @ServerExceptionMapper
    public Response unavailable(Unavailable e) {
        return body(503, e.getMessage());
    }
}
