package dev.prognos.console.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prognos.console.notify.Route;
import dev.prognos.core.alert.Alert;
import dev.prognos.core.alert.AlertJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Alerts and their workflow in the database. An alert's state only moves forward
 * (open → acknowledged → resolved), whoever moves it: the stream processor on
 * {@code prognos.alerts}, or a person here. Every move and every action is written to the audit
 * trail, and every move to the notification outbox for the channels {@link Route} picks, in the
 * same transaction: a transition is told once, whichever source reports it first.
 */
public final class AlertStore {

    /** The actor recorded for moves reported by the stream processor. */
    public static final String STREAM_ACTOR = "stream-processor";

    /** An alert as the console shows it: core's alert, who it is assigned to, when it last changed. */
    public record AlertView(Alert alert, String assignee, long updatedAt) {
    }

    /** One audit entry. */
    public record AuditEntry(long id, String alertId, long at, String actor, String action, String detail) {
    }

    /** What {@link #ingest} did with an alert record. */
    public enum Outcome { NEW, MOVED, UNCHANGED }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DataSource ds;
    private final Route route;

    public AlertStore(DataSource ds, Route route) {
        this.ds = ds;
        this.route = route;
    }

    /** An alert from {@code prognos.alerts}, in the consumer's transaction. */
    public Outcome ingest(Connection c, Alert a, long now) throws SQLException {
        Optional<AlertView> existing = find(c, a.id());
        if (existing.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO alerts (id, device, site, asset, detector, "
                    + "condition_text, severity, state, state_rank, reading, reading_value, threshold, ts, seq, message, "
                    + "retroactive, state_ts, assignee, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,NULL,?)")) {
                ps.setString(1, a.id());
                ps.setString(2, a.device());
                ps.setString(3, a.site());
                ps.setString(4, a.asset());
                ps.setString(5, a.detector());
                ps.setString(6, a.condition());
                ps.setString(7, a.severity().name());
                ps.setString(8, a.state().name());
                ps.setInt(9, a.state().ordinal());
                ps.setString(10, a.reading());
                ps.setDouble(11, a.value());
                ps.setDouble(12, a.threshold());
                ps.setLong(13, a.ts());
                ps.setLong(14, a.seq());
                ps.setString(15, a.message());
                ps.setBoolean(16, a.retroactive());
                ps.setLong(17, a.stateTime());
                ps.setLong(18, now);
                ps.executeUpdate();
            }
            audit(c, a.id(), now, STREAM_ACTOR, "raised", AlertJson.line(a));
            // An alert first seen already acknowledged or resolved (the console was down) is told
            // as what it is now: one transition, not a replay of the ones missed.
            enqueue(c, a, a.state(), STREAM_ACTOR, now);
            return Outcome.NEW;
        }
        if (moveForward(c, a.id(), a.state(), a.stateTime(), now)) {
            audit(c, a.id(), now, STREAM_ACTOR, a.state().name().toLowerCase(java.util.Locale.ROOT), null);
            enqueue(c, existing.get().alert().withState(a.state(), a.stateTime()), a.state(), STREAM_ACTOR, now);
            return Outcome.MOVED;
        }
        return Outcome.UNCHANGED;
    }

    /**
     * A person moves an alert to {@code target} (acknowledged or resolved).
     *
     * @return the alert after the move, or empty when it does not exist
     * @throws IllegalStateException when the alert is already at or past {@code target}
     */
    public Optional<Alert> move(String alertId, Alert.State target, String actor, String note) {
        long now = System.currentTimeMillis();
        return Db.tx(ds, c -> {
            Optional<AlertView> v = find(c, alertId);
            if (v.isEmpty()) {
                return Optional.empty();
            }
            if (!moveForward(c, alertId, target, now, now)) {
                throw new IllegalStateException("alert " + alertId + " is " + v.get().alert().state()
                        + ", it cannot become " + target);
            }
            Alert moved = v.get().alert().withState(target, now);
            audit(c, alertId, now, actor, target == Alert.State.ACKNOWLEDGED ? "acknowledged" : "resolved", note);
            enqueue(c, moved, target, actor, now);
            return Optional.of(moved);
        });
    }

    /** @return false when the alert does not exist */
    public boolean assign(String alertId, String assignee, String actor) {
        long now = System.currentTimeMillis();
        return Db.tx(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE alerts SET assignee = ?, updated_at = ? WHERE id = ?")) {
                ps.setString(1, assignee);
                ps.setLong(2, now);
                ps.setString(3, alertId);
                if (ps.executeUpdate() == 0) {
                    return false;
                }
            }
            audit(c, alertId, now, actor, "assigned", assignee);
            return true;
        });
    }

    /** @return false when the alert does not exist */
    public boolean comment(String alertId, String text, String actor) {
        long now = System.currentTimeMillis();
        return Db.tx(ds, c -> {
            if (find(c, alertId).isEmpty()) {
                return false;
            }
            audit(c, alertId, now, actor, "commented", text);
            return true;
        });
    }

    public Optional<AlertView> find(String alertId) {
        return Db.tx(ds, c -> find(c, alertId));
    }

    /**
     * Alerts, newest first.
     *
     * @param state  only this state, or null for all
     * @param device only this device, or null for all
     * @param limit  at most this many
     */
    public List<AlertView> list(Alert.State state, String device, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM alerts WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (state != null) {
            sql.append(" AND state = ?");
            args.add(state.name());
        }
        if (device != null) {
            sql.append(" AND device = ?");
            args.add(device);
        }
        sql.append(" ORDER BY ts DESC, id");
        return Db.tx(ds, c -> {
            List<AlertView> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                ps.setMaxRows(limit);
                for (int i = 0; i < args.size(); i++) {
                    ps.setObject(i + 1, args.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(view(rs));
                    }
                }
            }
            return out;
        });
    }

    public List<AuditEntry> audit(String alertId) {
        return Db.tx(ds, c -> {
            List<AuditEntry> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, alert_id, at, actor, action, detail FROM alert_events WHERE alert_id = ? ORDER BY id")) {
                ps.setString(1, alertId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new AuditEntry(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                                rs.getString(5), rs.getString(6)));
                    }
                }
            }
            return out;
        });
    }

    /** Open and acknowledged alerts per device: count and worst severity. */
    public java.util.Map<String, Alert.Severity> worstOpenByDevice(java.util.Map<String, Integer> counts) {
        return Db.tx(ds, c -> {
            java.util.Map<String, Alert.Severity> worst = new java.util.HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT device, severity FROM alerts WHERE state_rank < 2");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String d = rs.getString(1);
                    Alert.Severity s = Alert.Severity.valueOf(rs.getString(2));
                    counts.merge(d, 1, Integer::sum);
                    worst.merge(d, s, (x, y) -> x.compareTo(y) >= 0 ? x : y);
                }
            }
            return worst;
        });
    }

    private static boolean moveForward(Connection c, String id, Alert.State target, long stateTs, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE alerts SET state = ?, state_rank = ?, state_ts = ?, updated_at = ? WHERE id = ? AND state_rank < ?")) {
            ps.setString(1, target.name());
            ps.setInt(2, target.ordinal());
            ps.setLong(3, stateTs);
            ps.setLong(4, now);
            ps.setString(5, id);
            ps.setInt(6, target.ordinal());
            return ps.executeUpdate() == 1;
        }
    }

    private void enqueue(Connection c, Alert alert, Alert.State transition, String actor, long now) throws SQLException {
        List<String> channels = route.channelsFor(alert, transition);
        if (channels.isEmpty()) {
            return;
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("transition", transition.name());
        body.put("by", actor);
        body.put("at", now);
        body.set("alert", JSON.valueToTree(alert));
        String payload = body.toString();
        for (String channel : channels) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO notifications (channel, alert_id, transition, "
                    + "severity, payload, created_at, due_at, attempts, sent_at, last_error) "
                    + "SELECT ?, ?, ?, ?, ?, ?, ?, 0, NULL, NULL FROM (VALUES (1)) AS one(x) WHERE NOT EXISTS "
                    + "(SELECT 1 FROM notifications WHERE channel = ? AND alert_id = ? AND transition = ?)")) {
                ps.setString(1, channel);
                ps.setString(2, alert.id());
                ps.setString(3, transition.name());
                ps.setString(4, alert.severity().name());
                ps.setString(5, payload);
                ps.setLong(6, now);
                ps.setLong(7, now);
                ps.setString(8, channel);
                ps.setString(9, alert.id());
                ps.setString(10, transition.name());
                ps.executeUpdate();
            }
        }
    }

    private static void audit(Connection c, String alertId, long at, String actor, String action, String detail) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO alert_events (alert_id, at, actor, action, detail) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, alertId);
            ps.setLong(2, at);
            ps.setString(3, actor);
            ps.setString(4, action);
            ps.setString(5, detail);
            ps.executeUpdate();
        }
    }

    private static Optional<AlertView> find(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM alerts WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(view(rs)) : Optional.empty();
            }
        }
    }

    private static AlertView view(ResultSet rs) throws SQLException {
        Alert a = new Alert(rs.getString("id"), rs.getString("device"), rs.getString("site"), rs.getString("asset"),
                rs.getString("detector"), rs.getString("condition_text"), Alert.Severity.valueOf(rs.getString("severity")),
                Alert.State.valueOf(rs.getString("state")), rs.getString("reading"), rs.getDouble("reading_value"),
                rs.getDouble("threshold"), rs.getLong("ts"), rs.getLong("seq"), rs.getString("message"),
                rs.getBoolean("retroactive"), rs.getLong("state_ts"));
        return new AlertView(a, rs.getString("assignee"), rs.getLong("updated_at"));
    }
}
