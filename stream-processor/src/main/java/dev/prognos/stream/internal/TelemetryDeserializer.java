package dev.prognos.stream.internal;

import dev.prognos.core.telemetry.Telemetry;
import dev.prognos.core.telemetry.TelemetryAvro;
import dev.prognos.stream.DeadLetter;
import dev.prognos.stream.FlinkTypes;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka value → {@link Telemetry} with core's {@link TelemetryAvro} ({@link Either#Left}). A value
 * that does not decode never fails the job (which would restart from its checkpoint and meet the
 * same record forever) and never vanishes: it becomes a {@link DeadLetter} ({@link Either#Right})
 * with its raw key and value, the reason and its Kafka coordinates, which the job writes to
 * {@code prognos.deadletter}. Such values are counted in the metric {@value #UNDECODABLE_METRIC}
 * and logged (the first {@value #LOG_FIRST}, then every {@value #LOG_EVERY}th). Decoding stays in
 * the source so watermarks are generated per Kafka partition from the readings' event time.
 */
public final class TelemetryDeserializer implements KafkaRecordDeserializationSchema<Either<Telemetry, DeadLetter>> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(TelemetryDeserializer.class);

    public static final String UNDECODABLE_METRIC = "undecodableTelemetry";
    static final int LOG_FIRST = 10;
    static final int LOG_EVERY = 1000;

    private transient Counter undecodable;

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        undecodable = context.getMetricGroup().counter(UNDECODABLE_METRIC);
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Either<Telemetry, DeadLetter>> out) {
        Telemetry telemetry;
        try {
            if (record.value() == null) {
                throw new IllegalArgumentException("no value (a tombstone)");
            }
            telemetry = TelemetryAvro.decode(record.value());
        } catch (RuntimeException e) {
            out.collect(Either.Right(deadLetter(record, e)));
            return;
        }
        out.collect(Either.Left(telemetry));
    }

    /** Values refused so far by this instance (one per source subtask). */
    public long undecodableCount() {
        return counter().getCount();
    }

    private DeadLetter deadLetter(ConsumerRecord<byte[], byte[]> record, RuntimeException why) {
        String source = "kafka:" + record.topic() + "-" + record.partition() + "@" + record.offset();
        String reason = "not Avro telemetry: " + why.getMessage();
        Counter counter = counter();
        counter.inc();
        long n = counter.getCount();
        if (n <= LOG_FIRST || n % LOG_EVERY == 0) {
            LOG.warn("Undecodable telemetry at {} (key {}) goes to the dead letters: {} ({} so far by this subtask)", source,
                    record.key() == null ? "none" : new String(record.key(), java.nio.charset.StandardCharsets.UTF_8),
                    reason, n);
        }
        return new DeadLetter(record.key(), record.value(), reason, source, System.currentTimeMillis());
    }

    private Counter counter() {
        if (undecodable == null) {
            // Not opened by a Flink source (a unit test): count locally.
            undecodable = new SimpleCounter();
        }
        return undecodable;
    }

    @Override
    public TypeInformation<Either<Telemetry, DeadLetter>> getProducedType() {
        return FlinkTypes.INCOMING;
    }
}
