package dev.prognos.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelJsonTest {

    @Test
    void shouldWriteCanonicalBytesWithSortedKeysNoWhitespaceAndExactDecimals() throws Exception {
        byte[] doc = "{ \"z\": [3, 1.50, 1e2], \"a\": {\"y\": \"é\\n\", \"b\": null, \"x\": true}, \"signature\": {\"v\": 1} }"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(new String(ModelJson.signedBytes(doc), StandardCharsets.UTF_8))
                .isEqualTo("{\"a\":{\"b\":null,\"x\":true,\"y\":\"é\\n\"},\"z\":[3,1.50,1E+2]}");
    }

    @Test
    void shouldRefuseDuplicateKeysWhenCanonicalising() {
        assertThatThrownBy(() -> ModelJson.signedBytes("{\"a\":1,\"a\":2}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("Duplicate field 'a'");
    }

    @Test
    void shouldReadBackWhatItWroteWithTheSamePredictionsAndCanonicalBytes() throws Exception {
        ModelArtifact a = Artifacts.boosted(3);
        byte[] compact = ModelJson.write(a);
        ModelArtifact back = ModelJson.read(compact);
        assertThat(back.version()).isEqualTo(3);
        assertThat(back.featureSpec()).isEqualTo(a.featureSpec());
        assertThat(back.metrics()).containsEntry("cv_rmse", 12.5);
        assertThat(ModelJson.write(back)).isEqualTo(compact);
        assertThat(ModelJson.signedBytes(ModelJson.writePretty(a))).isEqualTo(ModelJson.signedBytes(compact));
        double[] x = {0.7, 1.9};
        assertThat(ModelRuntime.of(back).predict(0, x)).isEqualTo(ModelRuntime.of(a).predict(0, x));
    }

    @Test
    void shouldKeepEveryDoubleExactThroughJson() {
        double awkward = 0.1 + 0.2;
        Tree t = new Tree(new int[] {0, -1, -1}, new double[] {awkward, 0, 0}, new int[] {1, 0, 0},
                new int[] {2, 0, 0}, new double[] {0, Math.PI, -Double.MIN_NORMAL});
        ModelArtifact a = Artifacts.artifact("turbofan", 1, Artifacts.SPEC,
                List.of(new ModelOutput("rul", "cycles", null, ModelBody.forest(List.of(t)))));
        Tree back = ModelJson.read(ModelJson.write(a)).outputs().get(0).model().trees().get(0);
        assertThat(back.threshold()[0]).isEqualTo(awkward);
        assertThat(back.value()).containsExactly(0, Math.PI, -Double.MIN_NORMAL);
    }

    @Test
    void shouldNameTheProblemWhenTheDocumentIsNotAnArtifact() {
        assertThatThrownBy(() -> ModelJson.read("{\"format\":\"other/9\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("format must be prognos-model/1");
    }

    @Test
    void shouldHashTheFeatureSpecFromItsCanonicalJson() {
        String canonical = new String(ModelJson.canonicalBytes(ModelJson.toTree(Artifacts.SPEC)), StandardCharsets.UTF_8);
        assertThat(canonical).isEqualTo(
                "{\"extras\":[],\"inputs\":[\"a\",\"b\"],\"settings\":[],\"statistics\":[\"mean\"],\"windows\":[1]}");
        assertThat(Artifacts.SPEC.hash()).isEqualTo(ModelJson.sha256Hex(canonical.getBytes(StandardCharsets.UTF_8)))
                .hasSize(64);
        FeatureSpec other = new FeatureSpec(List.of("a", "b"), List.of(), List.of(2), List.of("mean"), List.of());
        assertThat(other.hash()).isNotEqualTo(Artifacts.SPEC.hash());
    }
}
