package dev.prognos.stream.internal;

import dev.prognos.core.telemetry.Telemetry;
import dev.prognos.core.telemetry.TelemetryAvro;
import dev.prognos.stream.FlinkTypes;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka value → {@link Telemetry} with {@link TelemetryAvro}. A value that does not decode is
 * skipped, never thrown: one bad record must not fail the job, which would then restart from the
 * last checkpoint and meet the same record forever. Skipped values are counted in the metric
 * {@value #UNDECODABLE_METRIC} and logged (the first {@value #LOG_FIRST}, then every
 * {@value #LOG_EVERY}th, so a flood of bad records does not flood the log).
 */
public final class TelemetryDeserializer implements KafkaRecordDeserializationSchema<Telemetry> {

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
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Telemetry> out) {
        Telemetry telemetry;
        try {
            if (record.value() == null) {
                throw new IllegalArgumentException("no value (tombstone)");
            }
            telemetry = TelemetryAvro.decode(record.value());
        } catch (IllegalArgumentException e) {
            skipped(record, e);
            return;
        }
        out.collect(telemetry);
    }

    /** Values skipped so far by this instance (one per source subtask). */
    public long undecodableCount() {
        return counter().getCount();
    }

    private void skipped(ConsumerRecord<byte[], byte[]> record, IllegalArgumentException why) {
        Counter counter = counter();
        counter.inc();
        long n = counter.getCount();
        if (n <= LOG_FIRST || n % LOG_EVERY == 0) {
            LOG.warn("Skipped undecodable telemetry at {}-{}@{} (key {}): {} ({} skipped so far)", record.topic(),
                    record.partition(), record.offset(), record.key() == null ? "none" : new String(record.key(),
                            java.nio.charset.StandardCharsets.UTF_8), why.getMessage(), n);
        }
    }

    private Counter counter() {
        if (undecodable == null) {
            // Not opened by a Flink source (a unit test): count locally.
            undecodable = new SimpleCounter();
        }
        return undecodable;
    }

    @Override
    public TypeInformation<Telemetry> getProducedType() {
        return FlinkTypes.TELEMETRY;
    }
}
