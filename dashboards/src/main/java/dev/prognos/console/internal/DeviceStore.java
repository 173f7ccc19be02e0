package dev.prognos.console.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The fleet as last reported: device status (birth and Last Will, {@code prognos.device-status})
 * and the latest health window ({@code prognos.health}), one row per device.
 */
public final class DeviceStore {

    /** One device's row. Figures are null until the console heard of them. */
    public record Device(String device, String site, String asset, Boolean online, String agentVersion,
                        String modelVersion, Long outboxDepth, Long statusTs, Long lastSeen, Long healthTs,
                        String isoZone, Double maxAbsZ, Double health, Double rul, String healthJson) {
    }

    private final DataSource ds;

    public DeviceStore(DataSource ds) {
        this.ds = ds;
    }

    /** A status message of the edge agent: state, site, asset, agentVersion, modelVersion, outboxDepth, ts. */
    public void status(Connection c, String device, String siteHeader, JsonNode s, long receivedAt) throws SQLException {
        ensure(c, device, text(s, "site", siteHeader), text(s, "asset", null));
        long ts = s.path("ts").asLong(receivedAt);
        try (PreparedStatement ps = c.prepareStatement("UPDATE devices SET online = ?, agent_version = ?, model_version = ?, "
                + "outbox_depth = ?, status_ts = ?, last_seen = CASE WHEN last_seen IS NULL OR last_seen < ? THEN ? ELSE last_seen END "
                + "WHERE device = ?")) {
            ps.setBoolean(1, "online".equalsIgnoreCase(s.path("state").asText()));
            ps.setString(2, text(s, "agentVersion", null));
            ps.setString(3, text(s, "modelVersion", null));
            if (s.hasNonNull("outboxDepth")) {
                ps.setLong(4, s.get("outboxDepth").asLong());
            } else {
                ps.setNull(4, java.sql.Types.BIGINT);
            }
            ps.setLong(5, ts);
            ps.setLong(6, ts);
            ps.setLong(7, ts);
            ps.setString(8, device);
            ps.executeUpdate();
        }
    }

    /** A status tombstone: the device's retained status was cleared, so the console forgets its status. */
    public void statusCleared(Connection c, String device) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE devices SET online = NULL WHERE device = ?")) {
            ps.setString(1, device);
            ps.executeUpdate();
        }
    }

    /**
     * A health window of the stream processor (its DeviceHealth JSON). Older windows than the one
     * held (a retroactive window) leave the row alone.
     *
     * @return the health figure computed for it
     */
    public double health(Connection c, JsonNode h, String json) throws SQLException {
        String device = h.path("device").asText();
        ensure(c, device, text(h, "site", null), text(h, "asset", null));
        long end = h.path("windowEnd").asLong();
        String zone = text(h, "isoZone", "");
        double maxZ = Double.NaN;
        for (Iterator<Map.Entry<String, JsonNode>> it = h.path("zScores").fields(); it.hasNext(); ) {
            JsonNode z = it.next().getValue();
            if (z.isNumber()) {
                maxZ = Double.isNaN(maxZ) ? Math.abs(z.asDouble()) : Math.max(maxZ, Math.abs(z.asDouble()));
            }
        }
        double health = HealthScore.of(zone, maxZ);
        Double rul = h.path("rul").isNumber() ? h.get("rul").asDouble() : null;
        try (PreparedStatement ps = c.prepareStatement("UPDATE devices SET health_ts = ?, iso_zone = ?, max_abs_z = ?, "
                + "health = ?, rul = ?, health_json = ?, "
                + "last_seen = CASE WHEN last_seen IS NULL OR last_seen < ? THEN ? ELSE last_seen END "
                + "WHERE device = ? AND (health_ts IS NULL OR health_ts <= ?)")) {
            ps.setLong(1, end);
            ps.setString(2, zone.isEmpty() ? null : zone);
            if (Double.isNaN(maxZ)) {
                ps.setNull(3, java.sql.Types.DOUBLE);
            } else {
                ps.setDouble(3, maxZ);
            }
            ps.setDouble(4, health);
            if (rul == null) {
                ps.setNull(5, java.sql.Types.DOUBLE);
            } else {
                ps.setDouble(5, rul);
            }
            ps.setString(6, json);
            ps.setLong(7, end);
            ps.setLong(8, end);
            ps.setString(9, device);
            ps.setLong(10, end);
            ps.executeUpdate();
        }
        return health;
    }

    /** A device named by an alert: known from then on, even before its first health window. */
    public void seen(Connection c, String device, String site, String asset) throws SQLException {
        ensure(c, device, site, asset);
    }

    public List<Device> list() {
        return Db.tx(ds, c -> {
            List<Device> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM devices ORDER BY device"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
            return out;
        });
    }

    public Optional<Device> find(String device) {
        return Db.tx(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM devices WHERE device = ?")) {
                ps.setString(1, device);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(row(rs)) : Optional.empty();
                }
            }
        });
    }

    private static void ensure(Connection c, String device, String site, String asset) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE devices SET site = COALESCE(?, site), asset = COALESCE(?, asset) WHERE device = ?")) {
            ps.setString(1, site);
            ps.setString(2, asset);
            ps.setString(3, device);
            if (ps.executeUpdate() == 1) {
                return;
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO devices (device, site, asset) VALUES (?, ?, ?)")) {
            ps.setString(1, device);
            ps.setString(2, site);
            ps.setString(3, asset);
            ps.executeUpdate();
        }
    }

    private static String text(JsonNode n, String field, String fallback) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? fallback : v.asText();
    }

    private static Device row(ResultSet rs) throws SQLException {
        return new Device(rs.getString("device"), rs.getString("site"), rs.getString("asset"),
                (Boolean) rs.getObject("online"), rs.getString("agent_version"), rs.getString("model_version"),
                longOrNull(rs, "outbox_depth"), longOrNull(rs, "status_ts"), longOrNull(rs, "last_seen"),
                longOrNull(rs, "health_ts"), rs.getString("iso_zone"), doubleOrNull(rs, "max_abs_z"),
                doubleOrNull(rs, "health"), doubleOrNull(rs, "rul"), rs.getString("health_json"));
    }

    private static Long longOrNull(ResultSet rs, String col) throws SQLException {
        long v = rs.getLong(col);
        return rs.wasNull() ? null : v;
    }

    private static Double doubleOrNull(ResultSet rs, String col) throws SQLException {
        double v = rs.getDouble(col);
        return rs.wasNull() ? null : v;
    }
}
