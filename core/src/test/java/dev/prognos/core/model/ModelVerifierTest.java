package dev.prognos.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prognos.core.model.ModelVerifier.Refusal;
import dev.prognos.core.model.ModelVerifier.Verdict;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelVerifierTest {

    private static final KeyPair TRUSTED = ModelKeys.generate();
    private static final KeyPair STRANGER = ModelKeys.generate();
    private static final String TRUSTED_ID = ModelKeys.keyId(TRUSTED.getPublic());
    private static final long CURRENT = 5;

    private final ModelVerifier verifier = ModelVerifier.trusting(TRUSTED.getPublic(), "turbofan", Artifacts.SPEC.hash());

    private static byte[] signed(ModelArtifact a) {
        return ModelJson.write(ModelSigner.sign(a, TRUSTED.getPrivate(), TRUSTED_ID));
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldAcceptANewerArtifactSignedByATrustedKeyAndPredictWithIt() {
        Verdict v = verifier.verify(signed(Artifacts.boosted(6)), CURRENT);
        assertThat(v.accepted()).as(v.reason()).isTrue();
        assertThat(v.artifact().version()).isEqualTo(6);
        assertThat(v.artifact().signature().keyId()).isEqualTo(TRUSTED_ID).startsWith("ed25519:");
        assertThat(v.runtime().predict(0, new double[] {1, 3})).isEqualTo(31.4);
    }

    @Test
    void shouldAcceptTheFirstModelWhenThereIsNoneInUse() {
        assertThat(verifier.verify(signed(Artifacts.boosted(1)), Long.MIN_VALUE).accepted()).isTrue();
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
            "not JSON,                      MALFORMED",
            "a JSON array,                  MALFORMED",
            "duplicate keys,                MALFORMED",
            "unsigned,                      UNSIGNED",
            "signed by an untrusted key,    UNTRUSTED_KEY",
            "another algorithm named,       UNTRUSTED_KEY",
            "a leaf value changed,          BAD_SIGNATURE",
            "the version raised,            BAD_SIGNATURE",
            "the asset type changed,        BAD_SIGNATURE",
            "a member added,                BAD_SIGNATURE",
            "a signature that is not base64, BAD_SIGNATURE",
            "another artifact's signature,  BAD_SIGNATURE",
            "a tree out of range,           INVALID",
            "another asset type,            WRONG_ASSET",
            "a wrong declared spec hash,    FEATURE_SPEC_MISMATCH",
            "a spec this consumer lacks,    FEATURE_SPEC_MISMATCH",
            "the version in use,            NOT_NEWER",
            "an older version,              NOT_NEWER"})
    void shouldRefuseWithAReason(String kase, Refusal expected) {
        byte[] good = signed(Artifacts.boosted(6));
        byte[] doc = switch (kase) {
            case "not JSON" -> bytes("{\"format\": ");
            case "a JSON array" -> bytes("[1,2]");
            case "duplicate keys" -> bytes(text(good).replaceFirst("\\{", "{\"name\":\"x\","));
            case "unsigned" -> ModelJson.write(Artifacts.boosted(6));
            case "signed by an untrusted key" -> ModelJson.write(ModelSigner.sign(Artifacts.boosted(6),
                    STRANGER.getPrivate(), ModelKeys.keyId(STRANGER.getPublic())));
            case "another algorithm named" -> bytes(text(good).replace("\"Ed25519\"", "\"RSA\""));
            case "a leaf value changed" -> bytes(text(good).replace("30.0", "31.0"));
            case "the version raised" -> bytes(text(good).replace("\"version\":6", "\"version\":7"));
            case "the asset type changed" -> bytes(text(good).replace("\"turbofan\"", "\"pump\""));
            case "a member added" -> bytes(text(good).replaceFirst("\\{", "{\"note\":\"hi\","));
            case "a signature that is not base64" -> bytes(text(good).replaceAll("\"value\":\"[^\"]*\"", "\"value\":\"!!\""));
            case "another artifact's signature" -> {
                String other = text(signed(Artifacts.boosted(99)));
                String sig = other.substring(other.indexOf("\"signature\""));
                yield bytes(text(good).substring(0, text(good).indexOf("\"signature\"")) + sig);
            }
            case "a tree out of range" -> signed(Artifacts.artifact("turbofan", 6, Artifacts.SPEC,
                    List.of(new ModelOutput("rul", "cycles", null, ModelBody.forest(List.of(new Tree(
                            new int[] {7, -1, -1}, new double[3], new int[] {1, 0, 0}, new int[] {2, 0, 0},
                            new double[3])))))));
            case "another asset type" -> signed(Artifacts.artifact("centrifugal-pump", 6, Artifacts.SPEC,
                    Artifacts.boosted(6).outputs()));
            case "a wrong declared spec hash" -> {
                ModelArtifact b = Artifacts.boosted(6);
                yield signed(new ModelArtifact(b.format(), b.name(), b.version(), b.assetType(), b.createdAt(),
                        b.trainingData(), b.featureSpec(), "0".repeat(64), b.preprocessing(), b.outputs(),
                        b.metrics(), null));
            }
            case "a spec this consumer lacks" -> signed(Artifacts.artifact("turbofan", 6,
                    new FeatureSpec(List.of("a", "b"), List.of(), List.of(1), List.of("max"), List.of()),
                    Artifacts.boosted(6).outputs()));
            case "the version in use" -> signed(Artifacts.boosted(CURRENT));
            case "an older version" -> signed(Artifacts.boosted(CURRENT - 2));
            default -> throw new IllegalArgumentException(kase);
        };
        Verdict v = verifier.verify(doc, CURRENT);
        assertThat(v.accepted()).isFalse();
        assertThat(v.refusal()).as(v.reason()).isEqualTo(expected);
        assertThat(v.reason()).isNotBlank();
        assertThat(v.artifact()).isNull();
        assertThat(v.runtime()).isNull();
    }

    @Test
    void shouldRefuseTheArtifactWhicheverContentByteIsChanged() {
        byte[] good = signed(Artifacts.boosted(6));
        int signatureAt = text(good).indexOf("\"signature\"");
        int refused = 0;
        for (int i = 0; i < signatureAt; i++) {
            byte[] bad = good.clone();
            bad[i] = tamper(bad[i]);
            Verdict v = verifier.verify(bad, CURRENT);
            assertThat(v.accepted()).as("byte %d '%s' → '%s' accepted", i, (char) good[i], (char) bad[i]).isFalse();
            refused++;
        }
        assertThat(refused).isGreaterThan(500);
    }

    /** A different byte that keeps the text plausible: digit → next digit, letter → next letter. */
    private static byte tamper(byte b) {
        if (b >= '0' && b <= '9') {
            return (byte) ('0' + (b - '0' + 1) % 10);
        }
        if (b >= 'a' && b <= 'z') {
            return (byte) ('a' + (b - 'a' + 1) % 26);
        }
        if (b >= 'A' && b <= 'Z') {
            return (byte) ('A' + (b - 'A' + 1) % 26);
        }
        return (byte) 'x';
    }
}
