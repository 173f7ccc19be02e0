package dev.prognos.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prognos.gateway.GatewayOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KafkaSettingsTest {

    static final Map<String, String> CONFIG = Map.of(
            "kafka.bootstrap.servers", "10.0.0.1:9092",
            "kafka.security.protocol", "SSL",
            "kafka.acks", "1",
            "kafka.enable.idempotence", "false",
            "kafka.", "ignored: no name after the prefix",
            "prognos.mqtt.broker", "tcp://127.0.0.1:1883",
            "quarkus.http.port", "8080");

    static final GatewayOptions.Kafka OPTIONS = new GatewayOptions.Kafka() {
        public String compression() {
            return "zstd";
        }

        public Duration linger() {
            return Duration.ofMillis(7);
        }

        public Duration retryBackoff() {
            return Duration.ofSeconds(1);
        }

        public Duration drainTimeout() {
            return Duration.ofSeconds(10);
        }
    };

    static Map<String, Object> passthrough() {
        return KafkaSettings.passthrough(CONFIG.keySet(), name -> Optional.ofNullable(CONFIG.get(name)));
    }

    @Test
    void shouldPassOnlyKafkaKeysWithThePrefixRemoved() {
        assertThat(passthrough()).containsOnlyKeys("bootstrap.servers", "security.protocol", "acks", "enable.idempotence")
                .containsEntry("bootstrap.servers", "10.0.0.1:9092");
    }

    @Test
    void shouldEnforceAcksAllAndIdempotenceWhateverWasPassedThrough() {
        Map<String, Object> producer = KafkaSettings.producer(passthrough(), OPTIONS);

        assertThat(producer)
                .containsEntry("acks", "all")
                .containsEntry("enable.idempotence", true)
                .containsEntry("compression.type", "zstd")
                .containsEntry("linger.ms", 7)
                .containsEntry("max.block.ms", KafkaSettings.MAX_BLOCK_MS)
                .containsEntry("security.protocol", "SSL")
                .containsEntry("bootstrap.servers", "10.0.0.1:9092")
                .containsEntry("client.id", KafkaSettings.CLIENT_ID);
    }

    @Test
    void shouldGiveTheAdminClientOnlyTheSettingsItKnows() {
        Map<String, Object> admin = KafkaSettings.admin(passthrough());

        assertThat(admin.keySet()).containsExactlyInAnyOrderElementsOf(List.of("bootstrap.servers", "security.protocol", "client.id"));
    }
}
