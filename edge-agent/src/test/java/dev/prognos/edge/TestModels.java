package dev.prognos.edge;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prognos.core.model.FeatureSpec;
import dev.prognos.core.model.ModelArtifact;
import dev.prognos.core.model.ModelBody;
import dev.prognos.core.model.ModelJson;
import dev.prognos.core.model.ModelKeys;
import dev.prognos.core.model.ModelOutput;
import dev.prognos.core.model.ModelSigner;
import dev.prognos.core.model.Preprocessing;
import dev.prognos.core.model.TrainingData;
import dev.prognos.core.model.Tree;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;

/**
 * Small signed artifacts whose outputs can be worked out on paper, on a reading the synthetic
 * BME280 gives ({@code ambient_temp_c}, about 19 to 25 °C): the feature is the newest
 * temperature z-scored with mean 20 °C and std 2 °C, x = (t − 20) / 2;
 * {@code rul} = 100 − 10·x cycles (linear) and {@code failure_probability} = logistic(x ≤ 2 ? −3 : 3)
 * (one tree).
 */
final class TestModels {

    static final String ASSET = "centrifugal-pump";
    static final String INPUT = "ambient_temp_c";
    static final FeatureSpec SPEC = new FeatureSpec(List.of(INPUT), List.of(), List.of(1), List.of("mean"), List.of());
    static final Preprocessing PRE = new Preprocessing(new double[0], new double[][] {{}},
            new double[][] {{20.0}}, new double[][] {{2.0}});

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The expected {@code rul} for a temperature, in cycles. */
    static double rul(double tempC) {
        return 100 - 10 * ((tempC - 20) / 2);
    }

    /** The expected {@code failure_probability} for a temperature. */
    static double failureProbability(double tempC) {
        double s = (tempC - 20) / 2 <= 2 ? -3 : 3;
        return 1 / (1 + Math.exp(-s));
    }

    static ModelArtifact unsigned(String asset, long version) {
        Tree split = new Tree(new int[] {0, -1, -1}, new double[] {2, 0, 0}, new int[] {1, 0, 0}, new int[] {2, 0, 0},
                new double[] {0, -3, 3});
        return ModelArtifact.unsigned("pump-rul", version, asset, "2026-11-23T08:00:00Z",
                new TrainingData("hand-built for the agent's tests", "00", 0), SPEC, PRE,
                List.of(new ModelOutput("rul", "cycles", ModelOutput.IDENTITY, ModelBody.linear(new double[] {-10}, 100)),
                        new ModelOutput("failure_probability", "probability", ModelOutput.LOGISTIC,
                                ModelBody.boosted(0, new double[] {1}, List.of(split)))),
                Map.of("cv_rmse", 1.0));
    }

    /** The artifact's JSON bytes, signed with {@code key}. */
    static byte[] signed(ModelArtifact artifact, KeyPair key) {
        return ModelJson.write(ModelSigner.sign(artifact, key.getPrivate(), ModelKeys.keyId(key.getPublic())));
    }

    static byte[] signed(long version, KeyPair key) {
        return signed(unsigned(ASSET, version), key);
    }

    /**
     * A random forest of {@code trees} full trees of depth {@code depth} on the one feature, as
     * large as a trained forest: 150 trees of depth 8 are about 3 MB of JSON.
     */
    static ModelArtifact forest(long version, int trees, int depth) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(version);
        List<Tree> forest = new java.util.ArrayList<>();
        int nodes = (1 << (depth + 1)) - 1;
        int inner = (1 << depth) - 1;
        for (int t = 0; t < trees; t++) {
            int[] feature = new int[nodes];
            double[] threshold = new double[nodes];
            int[] left = new int[nodes];
            int[] right = new int[nodes];
            double[] value = new double[nodes];
            for (int n = 0; n < nodes; n++) {
                boolean leaf = n >= inner;
                feature[n] = leaf ? -1 : 0;
                threshold[n] = leaf ? 0 : random.nextDouble(-3, 3);
                left[n] = leaf ? 0 : 2 * n + 1;
                right[n] = leaf ? 0 : 2 * n + 2;
                value[n] = random.nextDouble(0, 200);
            }
            forest.add(new Tree(feature, threshold, left, right, value));
        }
        return ModelArtifact.unsigned("pump-rul-forest", version, ASSET, "2026-11-23T09:00:00Z",
                new TrainingData("hand-built forest for the agent's tests", "00", 0), SPEC, PRE,
                List.of(new ModelOutput("rul", "cycles", ModelOutput.IDENTITY, ModelBody.forest(forest))),
                Map.of("cv_rmse", 1.0));
    }

    /** A signed artifact whose declared feature spec hash is not its spec's. */
    static byte[] withWrongSpecHash(long version, KeyPair key) {
        ModelArtifact a = unsigned(ASSET, version);
        ModelArtifact wrong = new ModelArtifact(a.format(), a.name(), a.version(), a.assetType(), a.createdAt(),
                a.trainingData(), a.featureSpec(), "0".repeat(64), a.preprocessing(), a.outputs(), a.metrics(), null);
        return signed(wrong, key);
    }

    /** The signed bytes with one member changed after signing. */
    static byte[] tampered(byte[] signed, String field, String value) {
        try {
            ObjectNode node = (ObjectNode) JSON.readTree(signed);
            node.put(field, value);
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private TestModels() {
    }
}
