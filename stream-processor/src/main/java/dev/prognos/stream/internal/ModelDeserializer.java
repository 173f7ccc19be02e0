package dev.prognos.stream.internal;

import dev.prognos.stream.FlinkTypes;
import dev.prognos.stream.ModelMessage;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code prognos.models} record → {@link ModelMessage} (key = asset type, value = artifact bytes),
 * unchecked: the detector verifies it. A tombstone (a model withdrawn by compaction) is logged
 * and skipped: the model in use stays until a newer signed one replaces it.
 */
public final class ModelDeserializer implements KafkaRecordDeserializationSchema<ModelMessage> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ModelDeserializer.class);

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<ModelMessage> out) {
        String asset = record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
        if (record.value() == null) {
            LOG.info("Tombstone for the model of '{}' at {}-{}@{} ignored: the model in use stays", asset,
                    record.topic(), record.partition(), record.offset());
            return;
        }
        out.collect(new ModelMessage(asset, record.value()));
    }

    @Override
    public TypeInformation<ModelMessage> getProducedType() {
        return FlinkTypes.MODEL;
    }
}
