package dev.prognos.stream.internal;

import dev.prognos.core.DeadLetterHeaders;
import dev.prognos.core.Topics;
import dev.prognos.stream.DeadLetter;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * {@link DeadLetter} → a record on {@link Topics#DEADLETTER}: the input's key and value byte for
 * byte, and core's {@link DeadLetterHeaders} (reason, source, refused-at ms).
 */
public final class DeadLetterSerializer implements KafkaRecordSerializationSchema<DeadLetter> {

    private static final long serialVersionUID = 1L;

    @Override
    public ProducerRecord<byte[], byte[]> serialize(DeadLetter d, KafkaSinkContext context, Long timestamp) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(DeadLetterHeaders.REASON, d.reason().getBytes(StandardCharsets.UTF_8));
        headers.add(DeadLetterHeaders.SOURCE, d.source().getBytes(StandardCharsets.UTF_8));
        headers.add(DeadLetterHeaders.REFUSED_AT_MS, Long.toString(d.refusedAtMs()).getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(Topics.DEADLETTER, null, d.refusedAtMs(), d.key(), d.value(), headers);
    }
}
