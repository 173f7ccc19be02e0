package dev.prognos.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prognos.gateway.GatewayOptions;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Binds the real @ConfigMapping with SmallRye Config, as Quarkus does, then checks it. */
class OptionsCheckTest {

    static GatewayOptions options(Map<String, String> overrides) {
        Map<String, String> values = new HashMap<>(Map.of(GatewayOptions.BROKER, "tcp://127.0.0.1:1883"));
        values.putAll(overrides);
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(GatewayOptions.class)
                // Quarkus' own reading of 30s, 5ms, 1h (plain SmallRye reads ISO-8601 only).
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(values, "test", 500))
                .build();
        return config.getConfigMapping(GatewayOptions.class);
    }

    @Test
    void shouldAcceptTheDefaults() {
        GatewayOptions o = options(Map.of());

        assertThat(OptionsCheck.problems(o, "127.0.0.1:9092")).isEmpty();
        assertThat(o.mqtt().clientId()).isEqualTo("prognos-gateway");
        assertThat(o.mqtt().username()).isEmpty();
        assertThat(o.kafka().compression()).isEqualTo("lz4");
        assertThat(o.kafka().linger().toMillis()).isEqualTo(20);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            prognos.mqtt.broker              | 127.0.0.1:1883          | prognos.mqtt.broker: must be tcp://HOST:PORT or ssl://HOST:PORT, got '127.0.0.1:1883'
            prognos.mqtt.broker              | http://127.0.0.1:1883   | prognos.mqtt.broker: must be tcp://HOST:PORT or ssl://HOST:PORT, got 'http://127.0.0.1:1883'
            prognos.mqtt.broker              | tcp://127.0.0.1         | prognos.mqtt.broker: must be tcp://HOST:PORT or ssl://HOST:PORT, got 'tcp://127.0.0.1'
            prognos.mqtt.client-id           | gate way                | prognos.mqtt.client-id: must match [A-Za-z0-9][A-Za-z0-9._-]{0,63}, got 'gate way'
            prognos.mqtt.shared-group        | a/b                     | prognos.mqtt.shared-group: must match [A-Za-z0-9][A-Za-z0-9._-]{0,63}, got 'a/b'
            prognos.mqtt.password            | secret                  | prognos.mqtt.password: is set but prognos.mqtt.username is not
            prognos.mqtt.keep-alive          | 0s                      | prognos.mqtt.keep-alive: must be 1s to 65535s, got 0ms
            prognos.mqtt.connect-timeout     | 500ms                   | prognos.mqtt.connect-timeout: must be 1s to 300s, got 500ms
            prognos.mqtt.reconnect-max-delay | 1h                      | prognos.mqtt.reconnect-max-delay: must be 1s to 600s, got 3600s
            prognos.mqtt.receive-maximum     | 0                       | prognos.mqtt.receive-maximum: must be 1 to 65535, got 0
            prognos.kafka.compression        | gzip                    | prognos.kafka.compression: must be one of [lz4, zstd], got 'gzip'
            prognos.kafka.linger             | 2s                      | prognos.kafka.linger: must be 0ms to 1s, got 2s
            prognos.kafka.retry-backoff      | 1ms                     | prognos.kafka.retry-backoff: must be 10ms to 300s, got 1ms
            prognos.deadletter.warn-per-second | 0                     | prognos.deadletter.warn-per-second: must be 1 to 10000, got 0
            """)
    void shouldNameTheKeyWhenAValueIsOutOfRange(String key, String value, String problem) {
        assertThat(OptionsCheck.problems(options(Map.of(key, value)), "127.0.0.1:9092")).containsExactly(problem);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            password file without user  | prognos.mqtt.password-file=FILE                                                   | prognos.mqtt.password-file: is set but prognos.mqtt.username is not
            password and password file  | prognos.mqtt.username=gw,prognos.mqtt.password=x,prognos.mqtt.password-file=FILE  | prognos.mqtt.password-file: give either it or prognos.mqtt.password, not both
            missing password file       | prognos.mqtt.username=gw,prognos.mqtt.password-file=/nonexistent/password         | prognos.mqtt.password-file: not a readable file, got '/nonexistent/password'
            cert without key            | prognos.mqtt.broker=ssl://h:8884,prognos.mqtt.tls.cert=FILE                        | prognos.mqtt.tls.key: is required with prognos.mqtt.tls.cert
            TLS on a tcp broker         | prognos.mqtt.tls.ca=FILE                                                          | prognos.mqtt.tls.ca, prognos.mqtt.tls.cert, prognos.mqtt.tls.key: TLS files are given but prognos.mqtt.broker is not ssl://HOST:PORT, got 'tcp://127.0.0.1:1883'
            reverse group id            | prognos.reverse.group-id=a b                                                      | prognos.reverse.group-id: must match [A-Za-z0-9][A-Za-z0-9._-]{0,63}, got 'a b'
            publish timeout             | prognos.reverse.publish-timeout=10m                                               | prognos.reverse.publish-timeout: must be 1s to 300s, got 600s
            liveness grace              | prognos.health.liveness-grace=1s                                                  | prognos.health.liveness-grace: must be 10s to 3600s, got 1s
            """)
    void shouldNameTheKeyWhenCredentialsTlsOrChannelSettingsAreWrong(String name, String settings, String problem,
                                                                     @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("file"), "x\n");
        Map<String, String> values = new HashMap<>();
        for (String pair : settings.split(",")) {
            String[] kv = pair.split("=", 2);
            values.put(kv[0], kv[1].replace("FILE", file.toString()));
        }

        assertThat(OptionsCheck.problems(options(values), "127.0.0.1:9092")).containsExactly(problem);
    }

    @ParameterizedTest(name = "kafka.bootstrap.servers={0}")
    @CsvSource(nullValues = "NULL", delimiter = '|', textBlock = """
            NULL                       | kafka.bootstrap.servers: is required (HOST:PORT[,HOST:PORT...])
            127.0.0.1                  | kafka.bootstrap.servers: each server must be HOST:PORT, got '127.0.0.1'
            a:9092,tcp://b:9092        | kafka.bootstrap.servers: each server must be HOST:PORT, got 'tcp://b:9092'
            """)
    void shouldNameTheKafkaKeyWhenTheBootstrapServersAreWrong(String servers, String problem) {
        assertThat(OptionsCheck.problems(options(Map.of()), servers)).containsExactly(problem);
    }

    @Test
    void shouldAcceptSeveralKafkaServersAndAnSslBroker() {
        GatewayOptions o = options(Map.of(GatewayOptions.BROKER, "ssl://mqtt.example.org:8883",
                GatewayOptions.USERNAME, "gw", GatewayOptions.PASSWORD, "from-env", GatewayOptions.SHARED_GROUP, "gateways"));

        assertThat(OptionsCheck.problems(o, "k1:9092, k2:9092")).isEmpty();
        assertThat(MqttSubscriber.topicFilter(o.mqtt())).isEqualTo("$share/gateways/prognos/v1/+/+/telemetry");
    }
}
