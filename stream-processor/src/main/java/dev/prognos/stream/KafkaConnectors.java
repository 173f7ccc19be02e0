package dev.prognos.stream;

import dev.prognos.core.Topics;
import dev.prognos.core.alert.Alert;
import dev.prognos.core.alert.AlertAck;
import dev.prognos.core.telemetry.Telemetry;
import dev.prognos.stream.internal.AckDeserializer;
import dev.prognos.stream.internal.AlertSerializer;
import dev.prognos.stream.internal.DeadLetterSerializer;
import dev.prognos.stream.internal.HealthSerializer;
import dev.prognos.stream.internal.ModelDeserializer;
import dev.prognos.stream.internal.TelemetryDeserializer;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.types.Either;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerConfig;

/** The job's production sources and sinks: Kafka in, Kafka out, exactly once. */
public final class KafkaConnectors {

    private KafkaConnectors() {
    }

    /**
     * Avro telemetry from {@link Topics#TELEMETRY}; a value that does not decode comes out as a
     * {@link DeadLetter} (right) for {@link Topics#DEADLETTER}. A restarted job resumes from its checkpoint; a new one from its group's committed offsets,
     * else from the earliest record (no reading written before the job started is missed). Reads
     * committed records only.
     */
    public static KafkaSource<Either<Telemetry, DeadLetter>> telemetrySource(StreamJobOptions options) {
        return source(options, Topics.TELEMETRY, options.groupId(), new TelemetryDeserializer());
    }

    /**
     * Signed model artifacts from {@link Topics#MODELS} (compacted, key = asset type). Always from
     * the earliest record when the job starts without state: the accepted models live in the job's
     * broadcast state, so a new job must see every model still on the topic, whatever offsets its
     * group committed. A restore resumes from the checkpoint like the other sources.
     */
    public static KafkaSource<ModelMessage> modelSource(StreamJobOptions options) {
        return KafkaSource.<ModelMessage>builder()
                .setBootstrapServers(options.kafka())
                .setTopics(Topics.MODELS)
                .setGroupId(options.groupId() + "-models")
                .setClientIdPrefix(options.groupId() + "-models")
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(new ModelDeserializer())
                .setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
                .build();
    }

    /** Acknowledgements from {@link Topics#ALERT_ACKS}, written by the console. */
    public static KafkaSource<AlertAck> ackSource(StreamJobOptions options) {
        return source(options, Topics.ALERT_ACKS, options.groupId() + "-acks", new AckDeserializer());
    }

    @SuppressWarnings("deprecation") // OffsetResetStrategy: the connector's API still takes it
    private static <T> KafkaSource<T> source(StreamJobOptions options, String topic, String groupId,
                                             KafkaRecordDeserializationSchema<T> deserializer) {
        return KafkaSource.<T>builder()
                .setBootstrapServers(options.kafka())
                .setTopics(topic)
                .setGroupId(groupId)
                .setClientIdPrefix(groupId)
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(deserializer)
                .setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
                .build();
    }

    /**
     * JSON alerts to {@link Topics#ALERTS} in Kafka transactions committed at each checkpoint:
     * read them with {@code isolation.level=read_committed}.
     */
    public static KafkaSink<Alert> alertSink(StreamJobOptions options) {
        return sink(options, new AlertSerializer(), options.transactionalIdPrefix());
    }

    /** JSON health per device and window to {@link Topics#HEALTH}, exactly once like the alerts. */
    public static KafkaSink<DeviceHealth> healthSink(StreamJobOptions options) {
        return sink(options, new HealthSerializer(), options.healthTransactionalIdPrefix());
    }

    /**
     * Undecodable inputs to {@link Topics#DEADLETTER}: raw key and value, core's dead-letter headers;
     * exactly once like the alerts, so a replay after a restore does not write them twice.
     */
    public static KafkaSink<DeadLetter> deadLetterSink(StreamJobOptions options) {
        return sink(options, new DeadLetterSerializer(), options.deadLetterTransactionalIdPrefix());
    }

    private static <T> KafkaSink<T> sink(StreamJobOptions options, KafkaRecordSerializationSchema<T> serializer,
                                         String transactionalIdPrefix) {
        return KafkaSink.<T>builder()
                .setBootstrapServers(options.kafka())
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(transactionalIdPrefix)
                .setProperty(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, String.valueOf(StreamJobOptions.TRANSACTION_TIMEOUT_MS))
                .build();
    }
}
