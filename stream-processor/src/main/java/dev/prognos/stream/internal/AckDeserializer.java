package dev.prognos.stream.internal;

import dev.prognos.core.alert.AlertAck;
import dev.prognos.core.alert.AlertAckJson;
import dev.prognos.stream.FlinkTypes;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Kafka value → {@link AlertAck}; a value that does not decode is logged and skipped, never thrown. */
public final class AckDeserializer implements KafkaRecordDeserializationSchema<AlertAck> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(AckDeserializer.class);

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<AlertAck> out) {
        if (record.value() == null) {
            return;
        }
        try {
            out.collect(AlertAckJson.decode(record.value()));
        } catch (IllegalArgumentException e) {
            LOG.warn("Skipped an undecodable acknowledgement at {}-{}@{}: {}", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
        }
    }

    @Override
    public TypeInformation<AlertAck> getProducedType() {
        return FlinkTypes.ACK;
    }
}
