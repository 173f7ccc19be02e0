package dev.prognos.stream;

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
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;

/**
 * Hand-built, signed model artifacts for the pump, small enough to work out on paper (as core's
 * own tests build them). One input, the window mean of {@code vib_rms_mm_s} over the last sample
 * (one window of the stream): {@code rul} is 100 up to 4.5 mm/s, 40 up to 7.1 mm/s, 10 above;
 * {@code failure_probability} is 0.1 up to 7.1 mm/s, 0.9 above.
 */
final class TestModels {

    static final String ASSET = "centrifugal-pump";
    static final KeyPair TRUSTED = ModelKeys.generate();
    static final KeyPair STRANGER = ModelKeys.generate();
    static final FeatureSpec SPEC = new FeatureSpec(List.of("vib_rms_mm_s"), List.of(), List.of(1), List.of("mean"), List.of());

    static ModelArtifact artifact(String asset, long version) {
        Tree rul = new Tree(new int[] {0, -1, 0, -1, -1}, new double[] {4.5, 0, 7.1, 0, 0},
                new int[] {1, 0, 3, 0, 0}, new int[] {2, 0, 4, 0, 0}, new double[] {0, 100, 0, 40, 10});
        Tree p = new Tree(new int[] {0, -1, -1}, new double[] {7.1, 0, 0}, new int[] {1, 0, 0}, new int[] {2, 0, 0},
                new double[] {0, 0.1, 0.9});
        return ModelArtifact.unsigned("pump-bearing-test", version, asset, "2026-11-23T08:00:00Z",
                new TrainingData("hand-built", "00", 0), SPEC,
                new Preprocessing(new double[0], new double[][] {{}}, new double[][] {{0}}, new double[][] {{1}}),
                List.of(new ModelOutput(ModelSettings.RUL_OUTPUT, "h", ModelOutput.IDENTITY, ModelBody.forest(List.of(rul))),
                        new ModelOutput(ModelSettings.FAILURE_PROBABILITY_OUTPUT, "probability", ModelOutput.IDENTITY,
                                ModelBody.forest(List.of(p)))),
                Map.of("cv_rmse", 1.0));
    }

    /** Signed by the trusted key, for the pump. */
    static byte[] signed(long version) {
        return signed(artifact(ASSET, version), TRUSTED);
    }

    static byte[] signed(ModelArtifact a, KeyPair by) {
        return ModelJson.write(ModelSigner.sign(a, by.getPrivate(), ModelKeys.keyId(by.getPublic())));
    }

    static ModelMessage message(byte[] artifact) {
        return new ModelMessage(ASSET, artifact);
    }

    static ModelSettings trustingTheTestKey() {
        return new ModelSettings(Map.of(ModelKeys.keyId(TRUSTED.getPublic()), TRUSTED.getPublic()), 30, 0.5, 10);
    }

    /** The trusted public key as ./prognos keys init writes it; returns the file. */
    static Path writeTrustedKey(Path dir) throws IOException {
        Path file = dir.resolve(ModelKeys.PUBLIC_FILE);
        ModelKeys.writePublic(TRUSTED.getPublic(), file);
        return file;
    }

    private TestModels() {
    }
}
