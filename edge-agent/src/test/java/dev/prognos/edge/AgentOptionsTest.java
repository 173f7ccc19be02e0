package dev.prognos.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.prognos.edge.AgentOptions.OutboxPolicy;
import dev.prognos.edge.SensorOptions.Type;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AgentOptionsTest {

    private static final YAMLMapper YAML = new YAMLMapper();

    /** A valid configuration with three sensors, so list indexes in keys can be checked. */
    private static final String VALID = """
            device:
              id: pump-007
              site: plant-a
              asset-type: centrifugal-pump
            broker:
              url: ssl://broker.example:8883
              tls:
                ca: tls/ca.pem
              credentials-file: credentials
            sensors:
              - type: bme280
                bus: 1
                address: 0x76
                rate-hz: 1
              - type: bme280
                bus: 1
                address: 0x77
                rate-hz: 0.5
              - type: bme280
                bus: 3
                address: 0x76
            outbox:
              max-bytes: 32MiB
              policy: refuse-new
              flush-rate-per-s: 250
            """;

    @TempDir
    Path dir;

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("agent.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void shouldLoadEveryKeyOfAValidFile() throws IOException {
        AgentOptions o = AgentOptions.load(write(VALID), Map.of());
        assertThat(o.deviceId()).isEqualTo("pump-007");
        assertThat(o.site()).isEqualTo("plant-a");
        assertThat(o.assetType()).isEqualTo("centrifugal-pump");
        assertThat(o.brokerUrl()).isEqualTo(URI.create("ssl://broker.example:8883"));
        assertThat(o.tls().ca()).contains(dir.resolve("tls/ca.pem"));
        assertThat(o.tls().cert()).isEmpty();
        assertThat(o.credentialsFile()).as("relative to the file's directory").contains(dir.resolve("credentials"));
        assertThat(o.sensors()).containsExactly(
                SensorOptions.i2c("bme280-0", Type.BME280, 1, 0x76, 1.0), SensorOptions.i2c("bme280-1", Type.BME280, 1, 0x77, 0.5),
                SensorOptions.i2c("bme280-2", Type.BME280, 3, 0x76, 1.0));
        assertThat(o.outbox()).isEqualTo(new AgentOptions.Outbox(32L << 20, OutboxPolicy.REFUSE_NEW, 250));
    }

    @Test
    void shouldParseTheShippedExampleConfiguration() {
        AgentOptions o = AgentOptions.load(Path.of("src/main/dist/agent.example.yaml"), Map.of());
        assertThat(o.deviceId()).isEqualTo("pump-007");
        assertThat(o.brokerUrl().getScheme()).isEqualTo("ssl");
        assertThat(o.tls().ca()).contains(Path.of("/etc/prognos/ca.pem"));
        assertThat(o.credentialsFile()).contains(Path.of("/etc/prognos/credentials"));
        assertThat(o.sensors()).extracting(SensorOptions::name).containsExactly("ambient", "bearing-temp", "motor",
                "vibration", "discharge-pressure", "shaft-speed", "door");
        assertThat(o.sensors().get(0)).isEqualTo(SensorOptions.i2c("ambient", Type.BME280, 1, 0x76, 0.1));
        assertThat(o.outbox()).isEqualTo(new AgentOptions.Outbox(64L << 20, OutboxPolicy.DROP_OLDEST, 100));
    }

    @Test
    void shouldFillDefaultsForEverythingOptional() throws IOException {
        AgentOptions o = AgentOptions.load(write("""
                device: {id: d1, site: s1, asset-type: fan}
                """), Map.of());
        assertThat(o.brokerUrl()).isEqualTo(URI.create(AgentOptions.DEFAULT_BROKER_URL));
        assertThat(o.tls()).isEqualTo(new AgentOptions.Tls(Optional.empty(), Optional.empty(), Optional.empty()));
        assertThat(o.credentialsFile()).isEmpty();
        assertThat(o.sensors()).isEmpty();
        assertThat(o.outbox()).isEqualTo(new AgentOptions.Outbox(AgentOptions.DEFAULT_OUTBOX_MAX_BYTES,
                AgentOptions.DEFAULT_OUTBOX_POLICY, AgentOptions.DEFAULT_OUTBOX_FLUSH_RATE));
        assertThat(o.modelTrustedKeys()).as("models off").isEmpty();
        assertThat(o.trustedModelKeys()).isEmpty();
        assertThat(o.modelWindowMs()).isEqualTo(AgentOptions.DEFAULT_MODEL_WINDOW_MS);
        assertThat(o.modelRulHorizon()).isEqualTo(AgentOptions.DEFAULT_MODEL_RUL_HORIZON);
        assertThat(o.modelFailureThreshold()).isEqualTo(AgentOptions.DEFAULT_MODEL_FAILURE_THRESHOLD);
    }

    @Test
    void shouldDefaultSensorBusAndRate() throws IOException {
        AgentOptions o = AgentOptions.load(write("""
                device: {id: d1, site: s1, asset-type: fan}
                sensors: [{type: bme280, address: 0x77}]
                """), Map.of());
        assertThat(o.sensors()).containsExactly(SensorOptions.i2c("bme280-0", Type.BME280, SensorOptions.DEFAULT_I2C_BUS,
                0x77, SensorOptions.DEFAULT_RATE_HZ));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            device.id                | pump/007      | device.id: must match
            device.id                | ''            | device.id: must not be empty
            device.site              | plant a       | device.site: must match
            device.asset-type        | '#pump'       | device.asset-type: must match
            device.id                | [a, b]        | device.id: must be a single value, got a list
            device.colour            | red           | device.colour: unknown key
            broker.url               | http://b:1883 | broker.url: must start with one of ssl://, wss://, tcp://, ws://
            broker.url               | ssl://        | broker.url: not a valid URL
            broker.url               | tcp://b:1883  | broker.url: TLS files are configured but the URL is tcp://
            broker.password          | secret        | broker.password: inline passwords are not accepted
            broker.tls.cert          | c.pem         | broker.tls.key: is required when broker.tls.cert is given
            sensors[2].address       | 0x90          | sensors[2].address: must be 0x03..0x77, got 0x90
            sensors[2].address       | 0x40          | sensors[2].address: must be 0x76 (SDO to GND) or 0x77 (SDO to VDDIO) for a bme280, got 0x40
            sensors[1].address       | 0x76          | sensors[1].address: I2C bus 1 address 0x76 is already used by sensors[0]
            sensors[2].address       | near          | sensors[2].address: must be an integer, got 'near'
            sensors[0].type          | bmp180        | sensors[0].type: unknown sensor type 'bmp180' (known: bme280, adxl345, ina219, mcp3008, ds18b20, tachometer, switch)
            sensors[1].bus           | -1            | sensors[1].bus: must be 0..31, got -1
            sensors[1].rate-hz       | 0             | sensors[1].rate-hz: must be above 0 and at most 10000, got 0
            sensors[1].rate-hz       | 500           | sensors[1].rate-hz: must be at most 100 for a bme280 (one forced measurement takes up to 9.3 ms), got 500
            sensors[1].rate-hz       | fast          | sensors[1].rate-hz: must be a number, got 'fast'
            sensors[0].speed         | 3             | sensors[0].speed: unknown key (known here: name, type, bus, address, chip-select, channel, pin, one-wire-id, rate-hz, params, burst)
            outbox.max-bytes         | 1000          | outbox.max-bytes: must be 64KiB (one largest message) .. 1TiB, got 1000
            outbox.max-bytes         | 12 apples     | outbox.max-bytes: must be a size in bytes
            outbox.policy            | drop-newest   | outbox.policy: must be drop-oldest or refuse-new, got 'drop-newest'
            outbox.flush-rate-per-s  | 0             | outbox.flush-rate-per-s: must be 1..100000, got 0
            model.trusted-keys       | [a.pub]       | model.trusted-keys: must be a single value, got a list
            model.keys               | a.pub         | model.keys: unknown key
            model.rul-horizon        | 0             | model.rul-horizon: must be above 0
            model.window-ms          | 500           | model.window-ms: must be 1000..3600000, got 500
            model.rul-horizon        | soon          | model.rul-horizon: must be a number, got 'soon'
            model.failure-threshold  | 1.5           | model.failure-threshold: must be above 0 and at most 1, got 1.5
            """)
    void shouldRefuseABadValueNamingTheFileAndTheKey(String key, String yamlValue, String expected) throws IOException {
        ObjectNode root = (ObjectNode) YAML.readTree(VALID);
        set(root, key, YAML.readTree(yamlValue));
        Path file = write(YAML.writeValueAsString(root));
        assertThatThrownBy(() -> AgentOptions.load(file, Map.of()))
                .isInstanceOf(InvalidOptionsException.class)
                .hasMessageStartingWith(file + ": ")
                .hasMessageContaining(expected);
    }

    @Test
    void shouldNameTheKeyForAHexAddressWrittenLiterallyInYaml() throws IOException {
        Path file = write(VALID.replace("bus: 3\n    address: 0x76", "bus: 3\n    address: 0x90"));
        assertThatThrownBy(() -> AgentOptions.load(file, Map.of()))
                .hasMessage(file + ": sensors[2].address: must be 0x03..0x77, got 0x90");
    }

    @Test
    void shouldReportEveryProblemAtOnce() throws IOException {
        Path file = write("""
                device: {id: 'a b', site: s1}
                outbox: {policy: never}
                """);
        assertThatThrownBy(() -> AgentOptions.load(file, Map.of()))
                .isInstanceOfSatisfying(InvalidOptionsException.class, e -> {
                    assertThat(e.file()).isEqualTo(file);
                    assertThat(e.problems()).extracting(InvalidOptionsException.Problem::key)
                            .containsExactly("device.id", "device.asset-type", "outbox.policy");
                })
                .hasMessageContaining("3 problems");
    }

    @Nested
    @DisplayName("environment overrides")
    class Environment {

        @Test
        void shouldReplaceTheFilesValuesWithTheEnvironments() throws IOException {
            AgentOptions o = AgentOptions.load(write(VALID), Map.of(
                    "PROGNOS_DEVICE_ID", "pump-999",
                    "PROGNOS_BROKER", "wss://other:443/mqtt",
                    "PROGNOS_OUTBOX_POLICY", "drop-oldest",
                    "PROGNOS_OUTBOX_MAX_BYTES", "1GiB",
                    "PROGNOS_TLS_CA", "/opt/ca.pem"));
            assertThat(o.deviceId()).isEqualTo("pump-999");
            assertThat(o.site()).as("not overridden").isEqualTo("plant-a");
            assertThat(o.brokerUrl()).isEqualTo(URI.create("wss://other:443/mqtt"));
            assertThat(o.outbox().policy()).isEqualTo(OutboxPolicy.DROP_OLDEST);
            assertThat(o.outbox().maxBytes()).isEqualTo(1L << 30);
            assertThat(o.tls().ca()).contains(Path.of("/opt/ca.pem"));
        }

        @Test
        void shouldSupplyARequiredKeyMissingFromTheFile() throws IOException {
            AgentOptions o = AgentOptions.load(write("device: {site: s1, asset-type: fan}\n"),
                    Map.of("PROGNOS_DEVICE_ID", "fan-1"));
            assertThat(o.deviceId()).isEqualTo("fan-1");
        }

        @Test
        void shouldNameTheVariableWhenItsValueIsBad() throws IOException {
            Path file = write(VALID);
            assertThatThrownBy(() -> AgentOptions.load(file, Map.of("PROGNOS_SITE", "plant/a")))
                    .hasMessageContaining("device.site: must match")
                    .hasMessageContaining("(from PROGNOS_SITE)");
        }

        @Test
        void shouldIgnoreABlankVariable() throws IOException {
            assertThat(AgentOptions.load(write(VALID), Map.of("PROGNOS_DEVICE_ID", " ")).deviceId()).isEqualTo("pump-007");
        }

        @Test
        void shouldMapEveryVariableToADocumentedKey() {
            assertThat(AgentOptions.ENVIRONMENT).allSatisfy((var, key) -> assertThat(var).startsWith("PROGNOS_"));
            assertThat(AgentOptions.ENVIRONMENT).containsEntry("PROGNOS_DEVICE_ID", "device.id")
                    .containsEntry("PROGNOS_BROKER", "broker.url");
        }
    }

    @Test
    void shouldNameTheFileAndLineOfInvalidYaml() throws IOException {
        Path file = write("device:\n  id: [unclosed\n");
        assertThatThrownBy(() -> AgentOptions.load(file, Map.of()))
                .hasMessageStartingWith(file + ": (file): not valid YAML at line");
    }

    @Test
    void shouldRefuseADuplicateKey() throws IOException {
        Path file = write("device:\n  id: a\n  id: b\n  site: s\n  asset-type: t\n");
        assertThatThrownBy(() -> AgentOptions.load(file, Map.of())).hasMessageContaining("Duplicate field 'id'");
    }

    @Test
    void shouldNameAMissingFile() {
        Path file = dir.resolve("absent.yaml");
        assertThatThrownBy(() -> AgentOptions.load(file, Map.of())).hasMessage(file + ": (file): no such file");
    }

    @Test
    void shouldNameEachMissingFileByItsKeyWhenFilesAreChecked() throws IOException {
        AgentOptions o = AgentOptions.load(write(VALID), Map.of());
        Files.createDirectories(dir.resolve("tls"));
        Files.writeString(dir.resolve("tls/ca.pem"), "-----BEGIN CERTIFICATE-----\n");
        assertThatThrownBy(o::checkFilesReadable)
                .isInstanceOfSatisfying(InvalidOptionsException.class, e -> assertThat(e.problems())
                        .containsExactly(new InvalidOptionsException.Problem("broker.credentials-file",
                                "no such file: " + dir.resolve("credentials"))));
        Files.writeString(dir.resolve("credentials"), "pump-007\n");
        assertThat(o.checkFilesReadable()).isSameAs(o);
    }

    @Nested
    @DisplayName("model.trusted-keys")
    class TrustedKeys {

        private AgentOptions withKeys(String path) throws IOException {
            return AgentOptions.load(write("device: {id: d1, site: s1, asset-type: fan}\nmodel: {trusted-keys: " + path + "}\n"),
                    Map.of());
        }

        @Test
        void shouldReadOneKeyFileRelativeToTheConfiguration() throws Exception {
            java.security.PublicKey key = dev.prognos.core.model.ModelKeys.generate().getPublic();
            dev.prognos.core.model.ModelKeys.writePublic(key, dir.resolve("keys/model-signing.pub"));
            AgentOptions o = withKeys("keys/model-signing.pub");
            assertThat(o.modelTrustedKeys()).contains(dir.resolve("keys/model-signing.pub"));
            assertThat(o.checkFilesReadable().trustedModelKeys()).containsOnlyKeys(dev.prognos.core.model.ModelKeys.keyId(key));
        }

        @Test
        void shouldReadEveryKeyOfADirectory() throws Exception {
            dev.prognos.core.model.ModelKeys.writePublic(dev.prognos.core.model.ModelKeys.generate().getPublic(), dir.resolve("keys/a.pub"));
            dev.prognos.core.model.ModelKeys.writePublic(dev.prognos.core.model.ModelKeys.generate().getPublic(), dir.resolve("keys/b.pem"));
            assertThat(withKeys("keys").checkFilesReadable().trustedModelKeys()).hasSize(2);
        }

        @Test
        void shouldStopStartUpNamingTheKeyWhenTheFileIsMissing() throws IOException {
            AgentOptions o = withKeys("keys/absent.pub");
            assertThatThrownBy(o::checkFilesReadable).isInstanceOfSatisfying(InvalidOptionsException.class,
                    e -> assertThat(e.problems()).containsExactly(new InvalidOptionsException.Problem(AgentOptions.MODEL_TRUSTED_KEYS,
                            "no such file or directory: " + dir.resolve("keys/absent.pub"))));
            assertThatThrownBy(o::trustedModelKeys).hasMessageContaining(AgentOptions.MODEL_TRUSTED_KEYS + ": no such file");
        }

        @Test
        void shouldNameTheKeyWhenTheFileIsNotAPublicKey() throws IOException {
            Files.writeString(dir.resolve("junk.pub"), "hello");
            assertThatThrownBy(withKeys("junk.pub")::checkFilesReadable)
                    .hasMessageContaining(AgentOptions.MODEL_TRUSTED_KEYS + ": ").hasMessageContaining("BEGIN PUBLIC KEY");
        }

        @Test
        void shouldReadTheLocalAlertLimits() throws IOException {
            AgentOptions o = AgentOptions.load(write("device: {id: d1, site: s1, asset-type: fan}\n"
                    + "model: {window-ms: 60000, rul-horizon: 48, failure-threshold: 0.8}\n"),
                    Map.of(AgentOptions.MODEL_FAILURE_THRESHOLD_ENV, "0.7"));
            assertThat(o.modelWindowMs()).isEqualTo(60_000);
            assertThat(o.modelRulHorizon()).isEqualTo(48.0);
            assertThat(o.modelFailureThreshold()).as("the environment wins").isEqualTo(0.7);
        }

        @Test
        void shouldTakeThePathFromTheEnvironment() throws IOException {
            AgentOptions o = AgentOptions.load(write("device: {id: d1, site: s1, asset-type: fan}\n"),
                    Map.of(AgentOptions.MODEL_TRUSTED_KEYS_ENV, "/etc/prognos/model-keys"));
            assertThat(o.modelTrustedKeys()).contains(Path.of("/etc/prognos/model-keys"));
        }
    }

    @Test
    void shouldDocumentEveryKeyAndVariableInTheReadme() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        AgentOptions.ENVIRONMENT.forEach((var, key) -> assertThat(readme).contains("`" + key + "`").contains("`" + var + "`"));
        for (String key : SensorOptions.ALL_KEYS) {
            assertThat(readme).contains("`sensors[]." + key + "`");
        }
        for (SensorOptions.Type type : SensorOptions.Type.values()) {
            assertThat(readme).contains("`" + type.configName + "`");
            type.params.forEach(p -> assertThat(readme).contains("`" + p.name() + "`"));
        }
    }

    /** Sets {@code path} (dots and [i]) in the tree, creating mappings on the way. */
    private static void set(ObjectNode root, String path, JsonNode value) {
        String[] parts = path.split("\\.");
        JsonNode node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            node = child(node, parts[i]);
        }
        String last = parts[parts.length - 1];
        ((ObjectNode) node).set(last, value);
    }

    private static JsonNode child(JsonNode node, String part) {
        int bracket = part.indexOf('[');
        if (bracket >= 0) {
            ArrayNode list = (ArrayNode) node.get(part.substring(0, bracket));
            return list.get(Integer.parseInt(part.substring(bracket + 1, part.length() - 1)));
        }
        JsonNode next = node.get(part);
        return next != null ? next : ((ObjectNode) node).putObject(part);
    }
}
