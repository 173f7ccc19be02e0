package dev.prognos.gateway.internal;

import dev.prognos.core.DeadLetterHeaders;
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

    /**
     * Refused input: the payload byte for byte (so it can be replayed once fixed), key = the MQTT
     * topic, and why, where from and when in the headers.
     *
     * @param refusedAtMs epoch milliseconds
     */
    public static ProducerRecord<byte[], byte[]> deadLetter(String mqttTopic, byte[] payload, String reason, long refusedAtMs) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(Topics.DEADLETTER,
                mqttTopic.getBytes(StandardCharsets.UTF_8), payload);
        record.headers()
                .add(DeadLetterHeaders.REASON, reason.getBytes(StandardCharsets.UTF_8))
                .add(DeadLetterHeaders.SOURCE, (MQTT_SOURCE_PREFIX + mqttTopic).getBytes(StandardCharsets.UTF_8))
                .add(DeadLetterHeaders.REFUSED_AT_MS, Long.toString(refusedAtMs).getBytes(StandardCharsets.UTF_8));
        return record;
    }
}
