package dev.prognos.stream.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.prognos.core.Topics;
import dev.prognos.stream.DeviceHealth;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * {@link DeviceHealth} → a record on {@link Topics#HEALTH}: key = device id, value = JSON, record
 * timestamp = the window end, never later than now ({@link RecordTimestamps}). NaN figures (an empty reading) are written as JSON strings "NaN".
 */
public final class HealthSerializer implements KafkaRecordSerializationSchema<DeviceHealth> {

    private static final long serialVersionUID = 1L;
    static final ObjectMapper MAPPER = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    public static byte[] json(DeviceHealth health) {
        try {
            return MAPPER.writeValueAsBytes(health);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(DeviceHealth health, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(Topics.HEALTH, null, RecordTimestamps.notInTheFuture(health.windowEnd()),
                health.device().getBytes(StandardCharsets.UTF_8), json(health));
    }
}
