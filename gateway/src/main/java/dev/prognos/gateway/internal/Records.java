package dev.prognos.gateway.internal;

import dev.prognos.core.DeadLetterHeaders;
import dev.prognos.core.MqttTopics;
import dev.prognos.core.Topics;
import dev.prognos.core.telemetry.Telemetry;
import dev.prognos.core.telemetry.TelemetryAvro;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;

/** The Kafka records the gateway writes. */
public final class Records {

    /** Prefix of {@link DeadLetterHeaders#SOURCE} for input that came over MQTT. */
    public static final String MQTT_SOURCE_PREFIX = "mqtt:";

    private Records() {
    }

    /** Valid telemetry: Avro single-object encoding, key = device id (UTF-8). */
    public static ProducerRecord<byte[], byte[]> telemetry(Telemetry t) {
        return new ProducerRecord<>(Topics.TELEMETRY, t.device().getBytes(StandardCharsets.UTF_8), TelemetryAvro.encode(t));
    }

    /** Header on device-status records: the site of the device (the key is the device id alone). */
    public static final String SITE_HEADER = "prognos.site";

    /**
     * A device's birth or Last Will message, raw, key = device id, to the compacted
     * {@link Topics#DEVICE_STATUS}. An empty payload (the device's retained status cleared) becomes
     * a tombstone, so compaction forgets the device too.
     */
    public static ProducerRecord<byte[], byte[]> status(MqttTopics.DeviceTopic source, String mqttTopic, byte[] payload) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(Topics.DEVICE_STATUS,
                source.device().getBytes(StandardCharsets.UTF_8), payload.length == 0 ? null : payload);
        record.headers()
                .add(SITE_HEADER, source.site().getBytes(StandardCharsets.UTF_8))
                .add(DeadLetterHeaders.SOURCE, (MQTT_SOURCE_PREFIX + mqttTopic).getBytes(StandardCharsets.UTF_8));
        return record;
    }

    /**
     * Refused input: the payload byte for byte (so it can be replayed once fixed), key = the MQTT
     * topic, and why, where from and when in the headers.
     *
     * @param refusedAtMs epoch milliseconds
     */
    public static ProducerRecord<byte[], byte[]> deadLetter(String mqttTopic, byte[] payload, String reason, long refusedAtMs) {
        return deadLetter(mqttTopic, MQTT_SOURCE_PREFIX + mqttTopic, payload, reason, refusedAtMs);
    }

    /**
     * Refused input from anywhere: key {@code key}, source {@code source} (e.g.
     * {@code kafka:prognos.models/0@17} for a record the reverse channel could not publish).
     */
    public static ProducerRecord<byte[], byte[]> deadLetter(String key, String source, byte[] payload, String reason, long refusedAtMs) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(Topics.DEADLETTER,
                key == null ? null : key.getBytes(StandardCharsets.UTF_8), payload);
        record.headers()
                .add(DeadLetterHeaders.REASON, reason.getBytes(StandardCharsets.UTF_8))
                .add(DeadLetterHeaders.SOURCE, source.getBytes(StandardCharsets.UTF_8))
                .add(DeadLetterHeaders.REFUSED_AT_MS, Long.toString(refusedAtMs).getBytes(StandardCharsets.UTF_8));
        return record;
    }

    /**
     * The same refusal without its payload, for input larger than the dead-letter topic takes (a
     * model of several MB against prognos.deadletter's 1 MB): the reason says how many bytes were
     * left out and that {@code source} still holds them, so the refusal is recorded instead of
     * being retried forever and blocking what comes after it.
     */
    public static ProducerRecord<byte[], byte[]> withoutPayload(ProducerRecord<byte[], byte[]> refusal) {
        byte[] payload = refusal.value();
        String reason = new String(refusal.headers().lastHeader(DeadLetterHeaders.REASON).value(), StandardCharsets.UTF_8)
                + " (payload of " + (payload == null ? 0 : payload.length) + " bytes left out: larger than "
                + Topics.DEADLETTER + " accepts; it is still at the source)";
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(Topics.DEADLETTER, refusal.key(), null);
        refusal.headers().forEach(h -> {
            if (!h.key().equals(DeadLetterHeaders.REASON)) {
                record.headers().add(h);
            }
        });
        record.headers().add(DeadLetterHeaders.REASON, reason.getBytes(StandardCharsets.UTF_8));
        return record;
    }
}
