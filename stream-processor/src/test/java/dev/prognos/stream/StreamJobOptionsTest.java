package dev.prognos.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StreamJobOptionsTest {

    @Nested
    @DisplayName("defaults")
    class Defaults {

        @Test
        void shouldJudgeVibrationAsGroup2OnFlexibleFoundationsWhenNothingIsGiven() {
            StreamJobOptions o = StreamJobOptions.builder().kafka("127.0.0.1:9092").build();

            assertThat(o.clearRatio()).isEqualTo(0.9);
            assertThat(o.detectorSettings()).isEqualTo(new DetectorSettings(10_000, 60_000, 0.9, 5, 30, 6.0, 0.5, 20.0,
                    0.05, IsoVibrationZones.GROUP2_FLEXIBLE, java.util.Map.of()));
            assertThat(o.detectorSettings().zonesFor("centrifugal-pump").lowerBoundary('D')).isEqualTo(7.1);
            assertThat(o.dedupTtlMs()).isEqualTo(3_600_000);
            assertThat(o.stateBackend()).isEqualTo("hashmap");
            assertThat(o.checkpointDir()).isEmpty();
            assertThat(o.archiveDir()).isEmpty();
            assertThat(o.influxUrl()).isEmpty();
            assertThat(o.healthTransactionalIdPrefix()).isEqualTo("prognos-stream-health");
            assertThat(o.groupId()).isEqualTo("prognos-stream");
            assertThat(o.transactionalIdPrefix()).isEqualTo("prognos-stream-alerts");
            assertThat(o.outOfOrdernessMs()).isEqualTo(5_000);
            assertThat(o.idleTimeoutMs()).isEqualTo(30_000);
            assertThat(o.checkpointIntervalMs()).isEqualTo(5_000);
            assertThat(o.modelTrustedKeys()).isEmpty();
            assertThat(o.modelSettings()).isEqualTo(new ModelSettings(java.util.Map.of(), 30.0, 0.5, 60));
            assertThat(o.deadLetterTransactionalIdPrefix()).isEqualTo("prognos-stream-deadletters");
        }

        @Test
        void shouldTrustEveryPublicKeyOfADirectory(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
            java.security.KeyPair a = dev.prognos.core.model.ModelKeys.generate();
            java.security.KeyPair b = dev.prognos.core.model.ModelKeys.generate();
            dev.prognos.core.model.ModelKeys.writePublic(a.getPublic(), dir.resolve("a.pub"));
            dev.prognos.core.model.ModelKeys.writePublic(b.getPublic(), dir.resolve("b.pem"));
            java.nio.file.Files.writeString(dir.resolve("README"), "not a key, not read");

            ModelSettings m = StreamJobOptions.builder().kafka("k:1").modelTrustedKeys(dir.toString()).build().modelSettings();

            assertThat(m.trustedKeys()).containsOnlyKeys(dev.prognos.core.model.ModelKeys.keyId(a.getPublic()),
                    dev.prognos.core.model.ModelKeys.keyId(b.getPublic()));
        }

        @Test
        void shouldKeepTheCheckpointIntervalWellBelowTheTransactionTimeout() {
            // A Kafka transaction lives one checkpoint interval; the broker caps it at 15 min.
            assertThat(StreamJobOptions.MAX_CHECKPOINT_INTERVAL_MS).isLessThanOrEqualTo(StreamJobOptions.TRANSACTION_TIMEOUT_MS / 2);
            assertThat(StreamJobOptions.TRANSACTION_TIMEOUT_MS).isLessThan(15 * 60_000);
        }

        @ParameterizedTest(name = "env {0} -> {1}")
        @CsvSource(value = {
                "NULL,            127.0.0.1:9092",
                "'',              127.0.0.1:9092",
                "'  ',            127.0.0.1:9092",
                "' kafka:19092 ', kafka:19092"}, nullValues = "NULL")
        void shouldTakeKafkaFromTheEnvironmentWhenSet(String env, String expected) {
            assertThat(StreamJobOptions.defaultKafka(env)).isEqualTo(expected);
        }
    }

    @Nested
    @DisplayName("valid values")
    class Valid {

        @ParameterizedTest
        @CsvSource({"127.0.0.1:9092", "localhost:1", "kafka-1.example.org:65535",
                "a:9092,b:9093,c:9094", "[::1]:9092"})
        void shouldAcceptKafkaAddressesWhenHostAndPortAreGiven(String kafka) {
            assertThat(StreamJobOptions.builder().kafka(kafka).build().kafka()).isEqualTo(kafka);
        }

        @Test
        void shouldDescribeEveryOptionWhenPrinted() {
            String text = StreamJobOptions.builder().kafka("k:1").windowMs(4500).influxToken("secret").build().toString();

            assertThat(text).contains("--kafka k:1", "--window-ms 4500", "--clear-ratio 0.9", "--group-id prognos-stream",
                    "--iso-class group2-flexible", "--state-backend hashmap", "--influx-url none", "--archive-dir none", "--out-of-orderness-ms 5000", "--idle-timeout-ms 30000",
                    "--checkpoint-interval-ms 5000");
            assertThat(text).doesNotContain("secret");
        }
    }

    @Nested
    @DisplayName("invalid values name the option")
    class Invalid {

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', value = {
                "--kafka                  | kafka=127.0.0.1",
                "--kafka                  | kafka=127.0.0.1:0",
                "--kafka                  | kafka=127.0.0.1:70000",
                "--kafka                  | kafka=tcp://127.0.0.1:9092",
                "--kafka                  | kafka=a:1,",
                "--group-id               | groupId=with space",
                "--window-ms              | windowMs=999",
                "--dedup-ttl-ms           | dedupTtlMs=999",
                "--alert-hold-ms          | holdMs=-1",
                "--max-open-alerts        | maxOpenAlerts=0",
                "--baseline-warmup-windows | warmupWindows=1",
                "--z-threshold            | zThreshold=NaN",
                "--z-threshold            | zThreshold=0",
                "--baseline-min-spread    | minSpread=0",
                "--cusum-k                | cusumK=-1",
                "--cusum-h                | cusumH=Infinity",
                "--iso-class              | isoClass=group3-rigid",
                "--iso-classes            | isoClasses=pump",
                "--iso-classes            | isoClasses=pump=group9",
                "--state-backend          | stateBackend=memory",
                "--checkpoint-dir         | checkpointDir=/tmp/no-scheme",
                "--archive-dir            | archiveDir=/tmp/no-scheme",
                "--archive-dir            | archiveDir=",
                "--influx-url             | influxUrl=127.0.0.1:8086",
                "--influx-batch-size      | influxBatchSize=0",
                "--influx-retries         | influxRetries=21",
                "--influx-timeout-ms      | influxTimeoutMs=99",
                "--clear-ratio            | clearRatio=1",
                "--clear-ratio            | clearRatio=0",
                "--out-of-orderness-ms    | outOfOrdernessMs=-1",
                "--out-of-orderness-ms    | outOfOrdernessMs=3600001",
                "--idle-timeout-ms        | idleTimeoutMs=999",
                "--checkpoint-interval-ms | checkpointIntervalMs=99",
                "--checkpoint-interval-ms | checkpointIntervalMs=300001",
                "--model-trusted-keys     | modelTrustedKeys=/no/such/key.pub",
                "--model-rul-horizon      | modelRulHorizon=0",
                "--model-rul-horizon      | modelRulHorizon=NaN",
                "--model-failure-threshold | modelFailureThreshold=0",
                "--model-failure-threshold | modelFailureThreshold=1.5",
                "--model-history-windows  | modelHistoryWindows=0",
                "--model-history-windows  | modelHistoryWindows=10001"})
        void shouldRefuseWithTheOptionNameWhenAValueIsWrong(String option, String setting) {
            StreamJobOptions.Builder b = StreamJobOptions.builder().kafka("127.0.0.1:9092");
            String[] kv = setting.split("=", 2);
            switch (kv[0]) {
                case "kafka" -> b.kafka(kv[1]);
                case "groupId" -> b.groupId(kv[1]);
                case "windowMs" -> b.windowMs(Long.parseLong(kv[1]));
                case "dedupTtlMs" -> b.dedupTtlMs(Long.parseLong(kv[1]));
                case "holdMs" -> b.holdMs(Long.parseLong(kv[1]));
                case "maxOpenAlerts" -> b.maxOpenAlerts(Integer.parseInt(kv[1]));
                case "warmupWindows" -> b.warmupWindows(Integer.parseInt(kv[1]));
                case "zThreshold" -> b.zThreshold(Double.parseDouble(kv[1]));
                case "minSpread" -> b.minSpread(Double.parseDouble(kv[1]));
                case "cusumK" -> b.cusumK(Double.parseDouble(kv[1]));
                case "cusumH" -> b.cusumH(Double.parseDouble(kv[1]));
                case "isoClass" -> b.isoClass(kv[1]);
                case "isoClasses" -> b.isoClasses(kv[1]);
                case "stateBackend" -> b.stateBackend(kv[1]);
                case "checkpointDir" -> b.checkpointDir(kv[1]);
                case "archiveDir" -> b.archiveDir(kv[1]);
                case "influxUrl" -> b.influxUrl(kv[1]);
                case "influxBatchSize" -> b.influxBatchSize(Integer.parseInt(kv[1]));
                case "influxRetries" -> b.influxRetries(Integer.parseInt(kv[1]));
                case "influxTimeoutMs" -> b.influxTimeoutMs(Long.parseLong(kv[1]));
                case "clearRatio" -> b.clearRatio(Double.parseDouble(kv[1]));
                case "outOfOrdernessMs" -> b.outOfOrdernessMs(Long.parseLong(kv[1]));
                case "idleTimeoutMs" -> b.idleTimeoutMs(Long.parseLong(kv[1]));
                case "checkpointIntervalMs" -> b.checkpointIntervalMs(Long.parseLong(kv[1]));
                case "modelTrustedKeys" -> b.modelTrustedKeys(kv[1]);
                case "modelRulHorizon" -> b.modelRulHorizon(Double.parseDouble(kv[1]));
                case "modelFailureThreshold" -> b.modelFailureThreshold(Double.parseDouble(kv[1]));
                case "modelHistoryWindows" -> b.modelHistoryWindows(Integer.parseInt(kv[1]));
                default -> throw new IllegalStateException(kv[0]);
            }

            assertThatThrownBy(b::build)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith(option + " ")
                    .hasMessageContaining(kv[1]);
        }

        @Test
        void shouldRefuseATrustedKeyFileThatIsNotAPublicKey(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
                throws Exception {
            java.nio.file.Path notAKey = java.nio.file.Files.writeString(dir.resolve("model-signing.pub"), "hello");

            assertThatThrownBy(() -> StreamJobOptions.builder().kafka("k:1").modelTrustedKeys(notAKey.toString()).build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("--model-trusted-keys ")
                    .hasMessageContaining("model-signing.pub");
        }

        @Test
        void shouldRefuseAMissingKafkaAddress() {
            assertThatThrownBy(() -> StreamJobOptions.builder().kafka(null).build())
                    .hasMessage("--kafka must look like HOST:PORT[,HOST:PORT...] with ports 1 to 65535, got nothing");
        }
    }
}
