package dev.prognos.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prognos.edge.AgentOptions.OutboxPolicy;
import dev.prognos.edge.SensorOptions.Type;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("remote configuration document")
class RemoteConfigTest {

    private static final SensorOptions AMBIENT = SensorOptions.i2c("ambient", Type.BME280, 1, 0x76, 1.0);
    private static final SensorOptions VIBRATION = new SensorOptions("vibration", Type.ADXL345, 1, 0x53, -1, -1, -1, null,
            0.1, SensorOptions.defaults(Type.ADXL345), new SensorOptions.Burst(1600, 1, 10));
    private static final List<SensorOptions> SENSORS = List.of(AMBIENT, VIBRATION);
    private static final RemoteConfig.Settings FILE = new RemoteConfig.Settings(60,
            new AgentOptions.Outbox(64L << 20, OutboxPolicy.DROP_OLDEST, 100), Map.of("ambient", 1.0, "vibration", 0.1));

    private static RemoteConfig.Accepted parse(String json) {
        return RemoteConfig.parse(json.getBytes(StandardCharsets.UTF_8), FILE, SENSORS);
    }

    @Test
    void shouldLayEveryDocumentedKeyOverTheFilesSettings() {
        RemoteConfig.Accepted a = parse("""
                {"version": 7, "status-interval-s": 30,
                 "outbox": {"max-bytes": "32MiB", "policy": "refuse-new", "flush-rate-per-s": 250},
                 "sensors": {"ambient": {"rate-hz": 0.2}, "vibration": {"burst": {"every-s": 60}}}}
                """);
        assertThat(a.version()).isEqualTo(7);
        assertThat(a.settings().statusIntervalS()).isEqualTo(30);
        assertThat(a.settings().outbox()).isEqualTo(new AgentOptions.Outbox(32L << 20, OutboxPolicy.REFUSE_NEW, 250));
        assertThat(a.settings().sensorRatesHz()).containsEntry("ambient", 0.2).containsEntry("vibration", 1.0 / 60);
    }

    @Test
    void shouldKeepTheFilesValueOfEveryKeyTheDocumentLeavesOut() {
        RemoteConfig.Accepted a = parse("{\"version\": 2, \"outbox\": {\"flush-rate-per-s\": 10}}");
        assertThat(a.settings().statusIntervalS()).isEqualTo(60);
        assertThat(a.settings().outbox()).isEqualTo(new AgentOptions.Outbox(64L << 20, OutboxPolicy.DROP_OLDEST, 10));
        assertThat(a.settings().sensorRatesHz()).isEqualTo(FILE.sensorRatesHz());
    }

    @Test
    void shouldReturnToTheFileWhenTheRetainedMessageIsCleared() {
        RemoteConfig.Accepted a = RemoteConfig.parse(new byte[0], FILE, SENSORS);
        assertThat(a.version()).isZero();
        assertThat(a.settings()).isEqualTo(FILE);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            "{""status-interval-s"": 30}"                                        | version            | is required
            "{""version"": 0}"                                                   | version            | must be 1..9223372036854775807, got 0
            "{""version"": 3, ""status-interval-s"": 0}"                         | status-interval-s  | must be 1..3600, got 0
            "{""version"": 3, ""broker"": {""url"": ""tcp://evil:1883""}}"       | broker             | unknown key (known here: version, status-interval-s, outbox, sensors)
            "{""version"": 3, ""outbox"": {""policy"": ""drop-newest""}}"        | outbox.policy      | must be drop-oldest or refuse-new, got 'drop-newest'
            "{""version"": 3, ""outbox"": {""max-bytes"": ""1KiB""}}"            | outbox.max-bytes   | must be 64KiB (one largest message) .. 1TiB, got 1KiB
            "{""version"": 3, ""outbox"": {""flush-rate-per-s"": ""fast""}}"     | outbox.flush-rate-per-s | must be an integer, got 'fast'
            "{""version"": 3, ""sensors"": {""pump"": {""rate-hz"": 1}}}"        | sensors.pump       | no sensor named 'pump' on this device (its sensors: ambient, vibration)
            "{""version"": 3, ""sensors"": {""ambient"": {""rate-hz"": 500}}}"   | sensors.ambient.rate-hz | must be above 0 and at most 100, got 500
            "{""version"": 3, ""sensors"": {""ambient"": {""address"": 119}}}"   | sensors.ambient.address | unknown key (known here: rate-hz)
            "{""version"": 3, ""sensors"": {""vibration"": {""rate-hz"": 1}}}"   | sensors.vibration.rate-hz | unknown key (known here: burst)
            "{""version"": 3, ""sensors"": {""vibration"": {""burst"": {""every-s"": 0.5}}}}" | sensors.vibration.burst.every-s | must be longer than the burst's duration (1 s), got 0.5
            "{""version"": 3, ""sensors"": {""vibration"": {""burst"": {""sample-rate-hz"": 800}}}}" | sensors.vibration.burst.sample-rate-hz | unknown key (known here: every-s)
            "{""version"": 3, ""sensors"": [1, 2]}"                             | sensors            | must be an object of sensor name to settings
            "[1, 2]"                                                              | (top level)        | must be a mapping of keys to values, got a list
            "{""version"": 3,"                                                    | (document)         | not valid JSON
            "{""version"": 3, ""version"": 4}"                                  | (document)         | Duplicate field 'version'
            """)
    void shouldRefuseABadDocumentNamingTheKey(String json, String key, String message) {
        assertThatThrownBy(() -> parse(json)).isInstanceOfSatisfying(RemoteConfig.RefusedException.class, e -> {
            assertThat(e.problems()).anySatisfy(p -> {
                assertThat(p.key()).isEqualTo(key);
                assertThat(p.message()).contains(message);
            });
        });
    }

    @Test
    void shouldDocumentEveryRemoteKeyInTheReadme() throws java.io.IOException {
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("README.md"));
        assertThat(readme).contains("## Remote configuration", "`" + RemoteConfig.VERSION + "`",
                "`" + RemoteConfig.STATUS_INTERVAL_S + "`", "`outbox.max-bytes`", "`outbox.policy`",
                "`outbox.flush-rate-per-s`", "`sensors.<name>.rate-hz`", "`sensors.<name>.burst.every-s`", "configRefused");
    }

    @Test
    void shouldRefuseTheWholeDocumentWhenOneKeyIsBadAndReportItsVersion() {
        assertThatThrownBy(() -> parse("{\"version\": 9, \"status-interval-s\": 10, \"outbox\": {\"policy\": \"x\"}}"))
                .isInstanceOfSatisfying(RemoteConfig.RefusedException.class, e -> {
                    assertThat(e.version()).isEqualTo(9);
                    assertThat(e.problems()).extracting(InvalidOptionsException.Problem::key).containsExactly("outbox.policy");
                    assertThat(e.getMessage()).contains("version 9 refused: outbox.policy: must be drop-oldest or refuse-new");
                });
    }
}
