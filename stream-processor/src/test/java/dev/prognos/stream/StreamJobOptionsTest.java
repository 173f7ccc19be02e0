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
        void shouldWatchVibrationAtTheIsoZoneDBoundaryWhenNothingIsGiven() {
            StreamJobOptions o = StreamJobOptions.builder().kafka("127.0.0.1:9092").build();

            assertThat(o.reading()).isEqualTo("vib_rms_mm_s");
            assertThat(o.threshold()).isEqualTo(7.1);
            assertThat(o.clearRatio()).isEqualTo(0.9);
            assertThat(o.rule()).isEqualTo(new ThresholdRule("vib_rms_mm_s", 7.1, 6.39));
            assertThat(o.groupId()).isEqualTo("prognos-stream");
            assertThat(o.transactionalIdPrefix()).isEqualTo("prognos-stream-alerts");
            assertThat(o.outOfOrdernessMs()).isEqualTo(5_000);
            assertThat(o.idleTimeoutMs()).isEqualTo(30_000);
            assertThat(o.checkpointIntervalMs()).isEqualTo(5_000);
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
            String text = StreamJobOptions.builder().kafka("k:1").threshold(4.5).build().toString();

            assertThat(text).contains("--kafka k:1", "--threshold 4.5", "--clear-ratio 0.9", "--group-id prognos-stream",
                    "--reading vib_rms_mm_s", "--out-of-orderness-ms 5000", "--idle-timeout-ms 30000",
                    "--checkpoint-interval-ms 5000");
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
                "--reading                | reading=Vib RMS",
                "--threshold              | threshold=0",
                "--threshold              | threshold=-7.1",
                "--threshold              | threshold=NaN",
                "--threshold              | threshold=Infinity",
                "--clear-ratio            | clearRatio=1",
                "--clear-ratio            | clearRatio=0",
                "--out-of-orderness-ms    | outOfOrdernessMs=-1",
                "--out-of-orderness-ms    | outOfOrdernessMs=3600001",
                "--idle-timeout-ms        | idleTimeoutMs=999",
                "--checkpoint-interval-ms | checkpointIntervalMs=99",
                "--checkpoint-interval-ms | checkpointIntervalMs=300001"})
        void shouldRefuseWithTheOptionNameWhenAValueIsWrong(String option, String setting) {
            StreamJobOptions.Builder b = StreamJobOptions.builder().kafka("127.0.0.1:9092");
            String[] kv = setting.split("=", 2);
            switch (kv[0]) {
                case "kafka" -> b.kafka(kv[1]);
                case "groupId" -> b.groupId(kv[1]);
                case "reading" -> b.reading(kv[1]);
                case "threshold" -> b.threshold(Double.parseDouble(kv[1]));
                case "clearRatio" -> b.clearRatio(Double.parseDouble(kv[1]));
                case "outOfOrdernessMs" -> b.outOfOrdernessMs(Long.parseLong(kv[1]));
                case "idleTimeoutMs" -> b.idleTimeoutMs(Long.parseLong(kv[1]));
                case "checkpointIntervalMs" -> b.checkpointIntervalMs(Long.parseLong(kv[1]));
                default -> throw new IllegalStateException(kv[0]);
            }

            assertThatThrownBy(b::build)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith(option + " ")
                    .hasMessageContaining(kv[1]);
        }

        @Test
        void shouldRefuseAMissingKafkaAddress() {
            assertThatThrownBy(() -> StreamJobOptions.builder().kafka(null).build())
                    .hasMessage("--kafka must look like HOST:PORT[,HOST:PORT...] with ports 1 to 65535, got nothing");
        }
    }
}
