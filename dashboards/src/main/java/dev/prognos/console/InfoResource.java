package dev.prognos.console;

import dev.prognos.core.Topics;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** {@code GET /api/v1/info}: what this service is, for operators and for the web UI. */
@Path("/api/v1/info")
public class InfoResource {

    /** The body of {@code /api/v1/info}. */
    public record Info(String name, String version, List<String> topics) {
    }

    /** The name the console answers with, and its Quarkus application name. */
    public static final String NAME = "prognos-console";

    private final String version;

    public InfoResource(@ConfigProperty(name = "quarkus.application.version") String version) {
        this.version = version;
    }

    /** Name, version (the Maven project version) and the Kafka topics the platform uses. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Info info() {
        return new Info(NAME, version, Topics.ALL);
    }
}
