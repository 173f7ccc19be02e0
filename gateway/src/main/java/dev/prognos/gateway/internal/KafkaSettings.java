package dev.prognos.gateway.internal;

import dev.prognos.gateway.GatewayOptions;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The Kafka clients' settings: {@code kafka.*} passed through, then the gateway's fixed ones. */
public final class KafkaSettings {

    public static final String PREFIX = "kafka.";
    public static final String CLIENT_ID = "prognos-gateway";
    /** Longest a send may block the caller (ms). */
    public static final int MAX_BLOCK_MS = 1000;

    private KafkaSettings() {
    }

    /** Every {@code kafka.*} setting with the prefix removed, e.g. {@code bootstrap.servers}. */
    public static Map<String, Object> passthrough(Iterable<String> names, java.util.function.Function<String, java.util.Optional<String>> value) {
        Map<String, Object> settings = new HashMap<>();
        for (String name : names) {
            if (name.startsWith(PREFIX) && name.length() > PREFIX.length()) {
                value.apply(name).ifPresent(v -> settings.put(name.substring(PREFIX.length()), v));
            }
        }
        return settings;
    }

    /**
     * The producer: the guarantees are not negotiable (acks from all in-sync replicas, idempotence
     * so a retry never writes a record twice), so they override anything passed through.
     */
    public static Map<String, Object> producer(Map<String, Object> passthrough, GatewayOptions.Kafka options) {
        Map<String, Object> p = new HashMap<>(passthrough);
        p.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, CLIENT_ID);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // Idempotence keeps order with up to 5 requests in flight per connection.
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, options.compression());
        p.put(ProducerConfig.LINGER_MS_CONFIG, (int) options.linger().toMillis());
        // send() waits this long for metadata or buffer space, on the MQTT client's only callback
        // thread: a Kafka outage must not stall it for Kafka's default 60 s (the Forwarder sends
        // the record again later instead).
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, MAX_BLOCK_MS);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return p;
    }

    /**
     * The consumer of the reverse channel: connection settings passed through, then offsets
     * committed by hand (after the MQTT broker acknowledged), reading from the start of the
     * compacted topics when the group is new.
     */
    public static Map<String, Object> consumer(Map<String, Object> passthrough, String groupId) {
        Map<String, Object> c = new HashMap<>();
        passthrough.forEach((k, v) -> {
            if (ConsumerConfig.configNames().contains(k)) {
                c.put(k, v);
            }
        });
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, CLIENT_ID + "-reverse");
        c.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // Models can be large and each publish waits for its PUBACK: small polls.
        c.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100);
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return c;
    }

    /** The admin client behind the readiness check: connection settings only. */
    public static Map<String, Object> admin(Map<String, Object> passthrough) {
        Map<String, Object> a = new HashMap<>();
        passthrough.forEach((k, v) -> {
            if (AdminClientConfig.configNames().contains(k)) {
                a.put(k, v);
            }
        });
        a.put(AdminClientConfig.CLIENT_ID_CONFIG, CLIENT_ID + "-health");
        return a;
    }
}
