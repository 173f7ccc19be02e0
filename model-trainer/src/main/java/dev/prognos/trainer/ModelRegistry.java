package dev.prognos.trainer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.prognos.core.model.ModelArtifact;
import dev.prognos.core.model.ModelJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The versioned model registry on disk: {@code <root>/<assetType>/<version>/model.json} (the signed
 * artifact) and {@code metrics.json} (its metrics and the cross-validation table, for people and
 * dashboards). A version directory is never overwritten.
 */
final class ModelRegistry {

    static final String MODEL_FILE = "model.json";
    static final String METRICS_FILE = "metrics.json";
    static final String REPORT_FILE = "report.html";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ModelRegistry() {
    }

    static Path write(Path root, ModelArtifact signed, CmapssTrainer.Result r) throws IOException {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("chosen", r.best());
        details.put("crossValidation", r.cv());
        if (r.classification() != null) {
            details.put("failureClassifier", r.classification());
        }
        Path dir = write(root, signed, details);
        Files.writeString(dir.resolve(REPORT_FILE), Report.html(signed, r));
        return dir;
    }

    /** The artifact and {@code metrics.json}: its identity and metrics, then {@code details} (any JSON-able values). */
    static Path write(Path root, ModelArtifact signed, Map<String, Object> details) throws IOException {
        Path dir = root.resolve(signed.assetType()).resolve(Long.toString(signed.version()));
        if (Files.exists(dir)) {
            throw new IOException("model registry already holds " + dir + ": versions are never overwritten");
        }
        Files.createDirectories(dir);
        Files.write(dir.resolve(MODEL_FILE), ModelJson.write(signed));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", signed.name());
        m.put("version", signed.version());
        m.put("assetType", signed.assetType());
        m.put("featureSpecHash", signed.featureSpecHash());
        m.put("keyId", signed.signature().keyId());
        m.put("metrics", signed.metrics());
        m.putAll(details);
        JSON.writeValue(dir.resolve(METRICS_FILE).toFile(), m);
        return dir;
    }
}
