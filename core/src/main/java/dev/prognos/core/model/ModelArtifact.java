package dev.prognos.core.model;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The portable model artifact (DESIGN.md §3): one self-describing JSON document that names the
 * model, says what it needs as input and how to pre-process it, holds the model itself, what it
 * predicts, how well it validated, and who signed it. Its JSON form and canonicalisation are
 * described in {@code FORMAT.md} next to this class; {@link ModelJson} reads and writes it.
 *
 * @param format          always {@value #FORMAT}
 * @param name            e.g. {@code cmapss-fd001-rul}
 * @param version         strictly increasing per asset type; a device only accepts a higher one
 * @param assetType       the asset type it is for, e.g. {@code turbofan} or {@code centrifugal-pump}
 * @param createdAt       ISO-8601 instant, e.g. {@code 2026-11-23T08:00:00Z}
 * @param trainingData    what it was trained on
 * @param featureSpec     the inputs it needs and the windows over them
 * @param featureSpecHash {@link FeatureSpec#hash()} of {@code featureSpec}
 * @param preprocessing   normalisation applied to the inputs before the window features
 * @param outputs         what it predicts (at least one)
 * @param metrics         validation figures, e.g. {@code cv_rmse}, {@code test_rmse}
 * @param signature       null until signed
 */
public record ModelArtifact(String format, String name, long version, String assetType, String createdAt,
                            TrainingData trainingData, FeatureSpec featureSpec, String featureSpecHash,
                            Preprocessing preprocessing, List<ModelOutput> outputs, Map<String, Double> metrics,
                            Signature signature) {

    public static final String FORMAT = "prognos-model/1";

    public ModelArtifact {
        if (!FORMAT.equals(format)) {
            throw new IllegalArgumentException("artifact: format must be " + FORMAT + ", got " + format);
        }
        require(name, "name");
        require(assetType, "assetType");
        require(createdAt, "createdAt");
        if (featureSpec == null) {
            throw new IllegalArgumentException("artifact: featureSpec is missing");
        }
        if (preprocessing == null) {
            throw new IllegalArgumentException("artifact: preprocessing is missing");
        }
        if (outputs == null || outputs.isEmpty()) {
            throw new IllegalArgumentException("artifact: at least one output is needed");
        }
        outputs = List.copyOf(outputs);
        metrics = metrics == null ? Map.of() : new TreeMap<>(metrics);
        if (preprocessing.mean()[0].length != featureSpec.inputs().size()) {
            throw new IllegalArgumentException("artifact: preprocessing has " + preprocessing.mean()[0].length
                    + " inputs, the feature spec " + featureSpec.inputs().size());
        }
        if (preprocessing.settingScale().length != featureSpec.settings().size()) {
            throw new IllegalArgumentException("artifact: preprocessing has " + preprocessing.settingScale().length
                    + " settings, the feature spec " + featureSpec.settings().size());
        }
    }

    /** An unsigned artifact; {@code featureSpecHash} is computed from the spec. */
    public static ModelArtifact unsigned(String name, long version, String assetType, String createdAt,
                                         TrainingData trainingData, FeatureSpec featureSpec,
                                         Preprocessing preprocessing, List<ModelOutput> outputs,
                                         Map<String, Double> metrics) {
        return new ModelArtifact(FORMAT, name, version, assetType, createdAt, trainingData, featureSpec,
                featureSpec.hash(), preprocessing, outputs, metrics, null);
    }

    public ModelArtifact withSignature(Signature s) {
        return new ModelArtifact(format, name, version, assetType, createdAt, trainingData, featureSpec,
                featureSpecHash, preprocessing, outputs, metrics, s);
    }

    public ModelArtifact withMetrics(Map<String, Double> m) {
        return new ModelArtifact(format, name, version, assetType, createdAt, trainingData, featureSpec,
                featureSpecHash, preprocessing, outputs, m, null);
    }

    private static void require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("artifact: " + field + " must not be blank");
        }
    }
}
