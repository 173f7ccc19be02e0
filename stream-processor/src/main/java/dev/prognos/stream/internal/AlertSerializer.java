package dev.prognos.stream.internal;

import dev.prognos.core.Topics;
import dev.prognos.core.alert.Alert;
import dev.prognos.core.alert.AlertJson;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * {@link Alert} → a record on {@link Topics#ALERTS}: key = device id (one device's alerts stay in
 * order on one partition), value = {@link AlertJson}, record timestamp = the alert's event time, never
 * later than now ({@link RecordTimestamps}).
 */
public final class AlertSerializer implements KafkaRecordSerializationSchema<Alert> {

    private static final long serialVersionUID = 1L;

    @Override
    public ProducerRecord<byte[], byte[]> serialize(Alert alert, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(Topics.ALERTS, null, RecordTimestamps.notInTheFuture(alert.ts()),
                alert.device().getBytes(StandardCharsets.UTF_8), AlertJson.encode(alert));
    }
}
