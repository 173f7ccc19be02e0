package dev.prognos.console.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Summaries of the signed model artifacts seen on {@code prognos.models}. */
public final class ModelStore {

    /** One model version. {@code metricsJson} is the artifact's validation metrics object. */
    public record Model(String asset, long version, String name, String createdAt, String keyId, String metricsJson,
                        long receivedAt) {
    }

    private final DataSource ds;

    public ModelStore(DataSource ds) {
        this.ds = ds;
    }

    /** Records the artifact's summary once per (asset type, version). */
    public void seen(Connection c, JsonNode artifact, long now) throws SQLException {
        String asset = artifact.path("assetType").asText(null);
        if (asset == null || !artifact.path("version").canConvertToLong()) {
            throw new IllegalArgumentException("not a model artifact: assetType and version are needed");
        }
        long version = artifact.path("version").asLong();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO models (asset, version, name, created_at, key_id, "
                + "metrics_json, received_at) SELECT ?, ?, ?, ?, ?, ?, ? FROM (VALUES (1)) AS one(x) WHERE NOT EXISTS "
                + "(SELECT 1 FROM models WHERE asset = ? AND version = ?)")) {
            ps.setString(1, asset);
            ps.setLong(2, version);
            ps.setString(3, artifact.path("name").asText(""));
            ps.setString(4, artifact.path("createdAt").asText(null));
            ps.setString(5, artifact.path("signature").path("keyId").asText(null));
            ps.setString(6, artifact.path("metrics").toString());
            ps.setLong(7, now);
            ps.setString(8, asset);
            ps.setLong(9, version);
            ps.executeUpdate();
        }
    }

    public List<Model> list() {
        return Db.tx(ds, c -> {
            List<Model> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM models ORDER BY asset, version DESC");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Model(rs.getString("asset"), rs.getLong("version"), rs.getString("name"),
                            rs.getString("created_at"), rs.getString("key_id"), rs.getString("metrics_json"),
                            rs.getLong("received_at")));
                }
            }
            return out;
        });
    }
}
