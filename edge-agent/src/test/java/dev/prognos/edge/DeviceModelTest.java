package dev.prognos.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.prognos.core.model.ModelKeys;
import dev.prognos.core.model.ModelVerifier.Refusal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeviceModelTest {

    private static final KeyPair TRUSTED = ModelKeys.generate();
    private static final KeyPair OTHER = ModelKeys.generate();

    @TempDir
    Path dir;

    private Path file;
    private DeviceModel model;

    @BeforeEach
    void version2InUse() {
        file = dir.resolve("data").resolve(DeviceModel.FILE);
        model = newModel();
        assertThat(model.version()).isEmpty();
        assertThat(model.offer(TestModels.signed(2, TRUSTED))).isEqualTo(DeviceModel.Outcome.ACCEPTED);
    }

    /** Samples of 1 s: a window [k s, k+1 s) is sampled once a reading at or after k+3 s is stored. */
    private static final long WINDOW_MS = 1_000;

    private DeviceModel newModel() {
        return new DeviceModel(Map.of(ModelKeys.keyId(TRUSTED.getPublic()), TRUSTED.getPublic()), TestModels.ASSET, file,
                WINDOW_MS);
    }

    @Nested
    @DisplayName("accepting")
    class Accepting {

        @Test
        void shouldUseAVerifiedArtifactAndKeepItsBytesInTheDataDirectory() throws Exception {
            assertThat(model.version()).hasValue(2);
            assertThat(model.name()).isEqualTo("pump-rul");
            assertThat(model.refused()).isNull();
            assertThat(Files.readAllBytes(file)).isEqualTo(TestModels.signed(2, TRUSTED));
            assertThat(file.resolveSibling(DeviceModel.FILE + ".tmp")).doesNotExist();
        }

        @Test
        void shouldSwapInANewerVersionAndClearAnEarlierRefusal() throws Exception {
            model.offer(TestModels.signed(1, TRUSTED));
            assertThat(model.refused()).isNotNull();

            assertThat(model.offer(TestModels.signed(7, TRUSTED))).isEqualTo(DeviceModel.Outcome.ACCEPTED);
            assertThat(model.version()).hasValue(7);
            assertThat(model.refused()).isNull();
            assertThat(Files.readAllBytes(file)).isEqualTo(TestModels.signed(7, TRUSTED));
        }

        @Test
        void shouldTakeTheSameArtifactHandedAgainAsUnchanged() {
            // The broker hands the retained artifact at every connection: not a refusal.
            assertThat(model.offer(TestModels.signed(2, TRUSTED))).isEqualTo(DeviceModel.Outcome.UNCHANGED);
            assertThat(model.refused()).isNull();
        }

        @Test
        void shouldStartWithTheKeptModelAfterARestart() {
            DeviceModel restarted = newModel().loadPersisted();
            assertThat(restarted.version()).hasValue(2);
            assertThat(restarted.offer(TestModels.signed(2, TRUSTED))).isEqualTo(DeviceModel.Outcome.UNCHANGED);
        }

        @Test
        void shouldNotStartWithAKeptModelWhoseKeyIsNoLongerTrusted() {
            DeviceModel rotated = new DeviceModel(Map.of(ModelKeys.keyId(OTHER.getPublic()), OTHER.getPublic()),
                    TestModels.ASSET, file, WINDOW_MS).loadPersisted();
            assertThat(rotated.version()).isEmpty();
        }
    }

    @Nested
    @DisplayName("refusing, the model in use stays")
    class Refusing {

        @Test
        void shouldRefuseAnArtifactSignedByAnUntrustedKey() {
            assertRefused(TestModels.signed(3, OTHER), Refusal.UNTRUSTED_KEY, "signed by key");
        }

        @Test
        void shouldRefuseASignatureByAnotherKeyUnderTheTrustedKeysId() {
            byte[] forged = TestModels.tampered(TestModels.signed(3, OTHER), "name", "pump-rul");
            // Same content, the signature block of the untrusted key relabelled as the trusted key's.
            String json = new String(forged, StandardCharsets.UTF_8).replace(ModelKeys.keyId(OTHER.getPublic()),
                    ModelKeys.keyId(TRUSTED.getPublic()));
            assertRefused(json.getBytes(StandardCharsets.UTF_8), Refusal.BAD_SIGNATURE, "does not match the content");
        }

        @Test
        void shouldRefuseAnArtifactChangedAfterSigning() {
            byte[] tampered = TestModels.tampered(TestModels.signed(3, TRUSTED), "createdAt", "2030-01-01T00:00:00Z");
            assertRefused(tampered, Refusal.BAD_SIGNATURE, "changed after signing");
            assertThat(model.refused().version()).as("the refused artifact's version is reported").isEqualTo(3);
        }

        @Test
        void shouldRefuseAnArtifactForAnotherAssetType() {
            assertRefused(TestModels.signed(TestModels.unsigned("turbofan", 3), TRUSTED), Refusal.WRONG_ASSET, "'turbofan'");
        }

        @ParameterizedTest(name = "version {0} while version 2 is in use")
        @ValueSource(longs = {1, 2})
        void shouldRefuseAVersionThatIsNotNewer(long version) {
            // Version 2 with other content (another creation time) is not the artifact in use.
            byte[] json = version == 2 ? TestModels.signed(TestModels.unsigned(TestModels.ASSET, 2).withMetrics(
                    Map.of("cv_rmse", 2.0)), TRUSTED) : TestModels.signed(version, TRUSTED);
            assertRefused(json, Refusal.NOT_NEWER, "not newer");
        }

        @Test
        void shouldRefuseAFeatureSpecThatDoesNotHashToTheDeclaredHash() {
            assertRefused(TestModels.withWrongSpecHash(3, TRUSTED), Refusal.FEATURE_SPEC_MISMATCH, "hashes to");
        }

        @Test
        void shouldRefuseSomethingThatIsNotJson() {
            assertRefused("hello".getBytes(StandardCharsets.UTF_8), Refusal.MALFORMED, "not JSON");
            assertThat(model.refused().name()).isNull();
            assertThat(model.refused().version()).isNull();
        }

        private void assertRefused(byte[] json, Refusal refusal, String reason) {
            byte[] kept;
            try {
                kept = Files.readAllBytes(file);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            assertThat(model.offer(json)).isEqualTo(DeviceModel.Outcome.REFUSED);
            assertThat(model.refused().refusal()).isEqualTo(refusal);
            assertThat(model.refused().reason()).contains(reason);
            assertThat(model.version()).hasValue(2);
            assertThat(file).hasBinaryContent(kept);
            model.score(1_000, Map.of(TestModels.INPUT, 20.0));
            assertThat(model.score(4_000, Map.of(TestModels.INPUT, 20.0))).as("still scoring with version 2")
                    .containsEntry("model_rul", TestModels.rul(20.0));
        }
    }

    @Test
    void shouldKeepTheModelWhenTheRetainedMessageIsCleared() {
        model.offer(TestModels.signed(1, TRUSTED));
        DeviceModel.Refused before = model.refused();

        assertThat(model.offer(new byte[0])).isEqualTo(DeviceModel.Outcome.CLEARED);
        assertThat(model.version()).hasValue(2);
        assertThat(model.refused()).as("a clear is not a refusal and does not hide one").isSameAs(before);
        assertThat(file).exists();
    }

    @Nested
    @DisplayName("scoring")
    class Scoring {

        @Test
        void shouldScoreEachWindowsMeanOnceTheGraceHasPassedAndAddItToReadingsThatCarryAnInput() {
            // Window [0, 1 s): 22 and 24 °C, mean 23; window [1 s, 2 s): 25.5 °C.
            assertThat(model.score(100, Map.of(TestModels.INPUT, 22.0))).as("nothing sampled yet").doesNotContainKey("model_rul");
            assertThat(model.score(600, Map.of(TestModels.INPUT, 24.0, "ambient_humidity_pct", 40.0)))
                    .doesNotContainKey("model_rul");
            assertThat(model.score(1_500, Map.of(TestModels.INPUT, 25.5))).as("window 0 waits 2 s past its end")
                    .doesNotContainKey("model_rul");

            Map<String, Double> out = model.score(3_000, Map.of(TestModels.INPUT, 19.0, "ambient_humidity_pct", 41.0));
            assertThat(out).containsEntry(TestModels.INPUT, 19.0).containsEntry("ambient_humidity_pct", 41.0);
            assertThat(out.get("model_rul")).isCloseTo(TestModels.rul(23.0), within(1e-9));
            assertThat(out.get("model_failure_probability")).isCloseTo(TestModels.failureProbability(23.0), within(1e-12));

            Map<String, Double> next = model.score(4_200, Map.of(TestModels.INPUT, 19.0));
            assertThat(next.get("model_rul")).as("window 1: 25.5 °C").isCloseTo(72.5, within(1e-9));
            assertThat(next.get("model_failure_probability")).isCloseTo(1 / (1 + Math.exp(-3)), within(1e-12));
        }

        @Test
        void shouldLeaveAReadingForAWindowAlreadySampledOutOfTheSamples() {
            model.score(100, Map.of(TestModels.INPUT, 22.0));
            model.score(3_000, Map.of(TestModels.INPUT, 30.0));
            assertThat(model.score(500, Map.of(TestModels.INPUT, 100.0))).as("late: still window 0's outputs")
                    .containsEntry("model_rul", TestModels.rul(22.0));
            assertThat(model.score(6_000, Map.of(TestModels.INPUT, 20.0))).as("window 3 alone: 30 °C")
                    .containsEntry("model_rul", TestModels.rul(30.0));
        }

        @Test
        void shouldLeaveAReadingWithoutAnyInputAlone() {
            model.score(100, Map.of(TestModels.INPUT, 22.0));
            Map<String, Double> readings = Map.of("motor_current_a", 3.3);
            assertThat(model.score(3_000, readings)).as("it closes window 0 but carries no input").isSameAs(readings);
        }

        @Test
        void shouldScoreNothingWithoutAModel() {
            Map<String, Double> readings = Map.of(TestModels.INPUT, 23.0);
            DeviceModel none = new DeviceModel(Map.of(ModelKeys.keyId(TRUSTED.getPublic()), TRUSTED.getPublic()),
                    TestModels.ASSET, dir.resolve("other").resolve(DeviceModel.FILE), WINDOW_MS).loadPersisted();
            assertThat(none.score(1_000, readings)).isSameAs(readings);
        }

        @Test
        void shouldNameOutputsAsReadings() {
            assertThat(DeviceModel.readingName("rul")).isEqualTo("model_rul");
            assertThat(DeviceModel.readingName("Failure-Probability")).isEqualTo("model_failure_probability");
        }
    }
}
