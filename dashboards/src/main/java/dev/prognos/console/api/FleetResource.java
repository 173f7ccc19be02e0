package dev.prognos.console.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prognos.console.internal.AlertStore;
import dev.prognos.console.internal.DeviceStore;
import dev.prognos.console.internal.InfluxHistory;
import dev.prognos.console.internal.RecentHealth;
import dev.prognos.console.internal.Role;
import dev.prognos.core.alert.Alert;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The fleet: every device with its health, RUL, open alerts, online state and model version. */
@Path("/api/v1/devices")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.VIEWER_NAME)
public class FleetResource {

    /** How a device is doing, worst first: an open critical alert, a warning (alert or zone C/D), fine. */
    public enum Level { CRITICAL, WARNING, OK }

    /** One row of the fleet view. */
    public record DeviceView(String device, String site, String asset, Level level, Double health, Double rul,
                             String isoZone, int openAlerts, String worstSeverity, Boolean online, String modelVersion,
                             String agentVersion, Long outboxDepth, Long lastSeen, Long healthTs) {
    }

    /** The device page: its row, the latest health window as the stream processor wrote it. */
    public record DeviceDetail(DeviceView device, JsonNode latestHealth) {
    }

    @Inject
    DeviceStore devices;
    @Inject
    AlertStore alerts;
    @Inject
    RecentHealth recent;
    @Inject
    InfluxHistory history;
    @Inject
    ObjectMapper json;

    /** Devices sorted by id; {@code site} and {@code asset} filter when given. */
    @GET
    public List<DeviceView> list(@QueryParam("site") String site, @QueryParam("asset") String asset) {
        Map<String, Integer> counts = new HashMap<>();
        Map<String, Alert.Severity> worst = alerts.worstOpenByDevice(counts);
        List<DeviceView> out = new ArrayList<>();
        for (DeviceStore.Device d : devices.list()) {
            if ((site == null || site.isBlank() || site.equals(d.site())) && (asset == null || asset.isBlank() || asset.equals(d.asset()))) {
                out.add(view(d, counts.getOrDefault(d.device(), 0), worst.get(d.device())));
            }
        }
        out.sort(Comparator.comparing(DeviceView::device));
        return out;
    }

    @GET
    @Path("{device}")
    public DeviceDetail one(@PathParam("device") String device) throws IOException {
        DeviceStore.Device d = devices.find(device).orElseThrow(() -> new NotFoundException("no device " + device));
        Map<String, Integer> counts = new HashMap<>();
        Map<String, Alert.Severity> worst = alerts.worstOpenByDevice(counts);
        JsonNode health = d.healthJson() == null ? null : json.readTree(d.healthJson());
        return new DeviceDetail(view(d, counts.getOrDefault(device, 0), worst.get(device)), health);
    }

    /** The last health windows received since the console started, oldest first (the live chart). */
    @GET
    @Path("{device}/recent")
    public List<JsonNode> recent(@PathParam("device") String device) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String s : recent.of(device)) {
            out.add(json.readTree(s));
        }
        return out;
    }

    /**
     * History of one health field from InfluxDB (InfluxQL {@code /query}), mean per
     * {@code step} seconds over the last {@code minutes}: {@code [[epoch ms, value], ...]}.
     */
    @GET
    @Path("{device}/history")
    public InfluxHistory.Series history(@PathParam("device") String device, @QueryParam("field") String field,
                                        @QueryParam("minutes") @DefaultValue("60") int minutes,
                                        @QueryParam("step") @DefaultValue("60") int step) {
        return history.query(device, field, minutes, step);
    }

    static DeviceView view(DeviceStore.Device d, int open, Alert.Severity worst) {
        Level level = worst == Alert.Severity.CRITICAL ? Level.CRITICAL
                : worst == Alert.Severity.WARNING || "C".equals(d.isoZone()) || "D".equals(d.isoZone()) ? Level.WARNING
                : Level.OK;
        return new DeviceView(d.device(), d.site(), d.asset(), level, d.health(), d.rul(), d.isoZone(), open,
                worst == null ? null : worst.name(), d.online(), d.modelVersion(), d.agentVersion(), d.outboxDepth(),
                d.lastSeen(), d.healthTs());
    }
}
