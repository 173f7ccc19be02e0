package dev.prognos.stream;

import dev.prognos.core.Topics;
import dev.prognos.core.alert.Alert;
import dev.prognos.core.telemetry.Telemetry;
import dev.prognos.stream.internal.AlertSerializer;
import dev.prognos.stream.internal.TelemetryDeserializer;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerConfig;

/** The job's production source and sink: Kafka in, Kafka out, exactly once. */
public final class KafkaConnectors {

    private KafkaConnectors() {
    }

    /**
     * Avro telemetry from {@link Topics#TELEMETRY}. A restarted job resumes from its checkpoint;
     * a new one from its group's committed offsets, else from the earliest record (no reading
     * written before the job started is missed). Reads committed records only.
     */
    @SuppressWarnings("deprecation") // OffsetResetStrategy: the connector's API still takes it
    public static KafkaSource<Telemetry> telemetrySource(StreamJobOptions options) {
        return KafkaSource.<Telemetry>builder()
                .setBootstrapServers(options.kafka())
                .setTopics(Topics.TELEMETRY)
                .setGroupId(options.groupId())
                .setClientIdPrefix(options.groupId())
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new TelemetryDeserializer())
                .setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
                .build();
    }

    /**
     * JSON alerts to {@link Topics#ALERTS} in Kafka transactions committed at each checkpoint:
     * read them with {@code isolation.level=read_committed}.
     */
    public static KafkaSink<Alert> alertSink(StreamJobOptions options) {
        return KafkaSink.<Alert>builder()
                .setBootstrapServers(options.kafka())
                .setRecordSerializer(new AlertSerializer())
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(options.transactionalIdPrefix())
                .setProperty(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, String.valueOf(StreamJobOptions.TRANSACTION_TIMEOUT_MS))
                .build();
    }
}
