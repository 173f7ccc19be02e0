package dev.prognos.console.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;

/**
 * {@code GET /api/v1/openapi.json}: the OpenAPI 3.0 document of this API, kept by hand next to
 * the resources (quarkus-smallrye-openapi 3.36.3 does not resolve here); a test checks that it
 * names every resource method and nothing else.
 */
@Path("/api/v1/openapi.json")
public class OpenApiResource {

    /** Where the document lives on the classpath. */
    public static final String DOCUMENT = "/openapi/openapi.json";

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public byte[] document() throws IOException {
        try (InputStream in = OpenApiResource.class.getResourceAsStream(DOCUMENT)) {
            if (in == null) {
                throw new IllegalStateException(DOCUMENT + " missing from the build");
            }
            return in.readAllBytes();
        }
    }
}
