package dev.prognos.console.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prognos.console.internal.DeviceStore;
import dev.prognos.console.internal.ModelStore;
import dev.prognos.console.internal.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** Model versions seen on prognos.models, their metrics, and which devices report running which. */
@Path("/api/v1/models")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.VIEWER_NAME)
public class ModelResource {

    /** One model version and the devices of its asset type whose status names this version. */
    public record ModelView(String asset, long version, String name, String createdAt, String keyId, JsonNode metrics,
                            long receivedAt, List<String> devices) {
    }

    /** The models, and per asset type and reported model version (null: none), the devices. */
    public record Models(List<ModelView> models, Map<String, Map<String, List<String>>> devicesByAssetAndVersion) {
    }

    @Inject
    ModelStore models;
    @Inject
    DeviceStore devices;
    @Inject
    ObjectMapper json;

    @GET
    public Models list() throws IOException {
        List<DeviceStore.Device> fleet = devices.list();
        Map<String, Map<String, List<String>>> byAsset = new TreeMap<>();
        for (DeviceStore.Device d : fleet) {
            byAsset.computeIfAbsent(String.valueOf(d.asset()), k -> new TreeMap<>())
                    .computeIfAbsent(String.valueOf(d.modelVersion()), k -> new ArrayList<>()).add(d.device());
        }
        List<ModelView> out = new ArrayList<>();
        for (ModelStore.Model m : models.list()) {
            List<String> running = new ArrayList<>();
            for (DeviceStore.Device d : fleet) {
                if (Objects.equals(d.asset(), m.asset()) && String.valueOf(m.version()).equals(d.modelVersion())) {
                    running.add(d.device());
                }
            }
            out.add(new ModelView(m.asset(), m.version(), m.name(), m.createdAt(), m.keyId(),
                    m.metricsJson() == null ? null : json.readTree(m.metricsJson()), m.receivedAt(), running));
        }
        return new Models(out, byAsset);
    }
}
