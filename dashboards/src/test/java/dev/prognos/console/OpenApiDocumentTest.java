package dev.prognos.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prognos.console.api.AlertResource;
import dev.prognos.console.api.EventsResource;
import dev.prognos.console.api.FleetResource;
import dev.prognos.console.api.ModelResource;
import dev.prognos.console.api.OpenApiResource;
import dev.prognos.console.api.UserResource;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The hand-kept OpenAPI document names exactly the operations the resources serve. */
class OpenApiDocumentTest {

    static final List<Class<?>> RESOURCES = List.of(InfoResource.class, FleetResource.class, AlertResource.class,
            ModelResource.class, UserResource.class, EventsResource.class, OpenApiResource.class,
            dev.prognos.console.api.NotificationResource.class);

    @Test
    void shouldDescribeEveryResourceMethodAndNothingElse() throws Exception {
        Set<String> served = new TreeSet<>();
        for (Class<?> c : RESOURCES) {
            String base = c.getAnnotation(Path.class).value();
            for (Method m : c.getDeclaredMethods()) {
                String verb = m.isAnnotationPresent(GET.class) ? "get" : m.isAnnotationPresent(POST.class) ? "post" : null;
                if (verb == null) {
                    continue;
                }
                Path sub = m.getAnnotation(Path.class);
                String path = sub == null ? base : base.replaceAll("/$", "") + "/" + sub.value().replaceAll("^/", "");
                served.add(verb + " " + path);
            }
        }
        Set<String> documented = new TreeSet<>();
        try (InputStream in = OpenApiResource.class.getResourceAsStream(OpenApiResource.DOCUMENT)) {
            JsonNode paths = new ObjectMapper().readTree(in).path("paths");
            for (Iterator<String> it = paths.fieldNames(); it.hasNext(); ) {
                String p = it.next();
                paths.get(p).fieldNames().forEachRemaining(verb -> documented.add(verb.toLowerCase(Locale.ROOT) + " " + p));
            }
        }
        assertThat(documented).isEqualTo(served);
    }
}
