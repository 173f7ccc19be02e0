package dev.prognos.gateway.internal;

import dev.prognos.core.MqttTopics;
import dev.prognos.core.Topics;
import dev.prognos.core.telemetry.TelemetryJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.WakeupException;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.jboss.logging.Logger;

/**
 * Kafka → MQTT: every record of {@link Topics#MODELS} (key = asset type) becomes the retained
 * message of {@code prognos/v1/models/{assetType}}, every record of {@link Topics#DEVICE_CONFIG}
 * (key = {@code site/device}) the retained message of {@code prognos/v1/{site}/{device}/config};
 * a tombstone clears the retained message. An offset is committed only after the broker
 * acknowledged the publish, so a gateway that dies republishes rather than skips (a retained
 * message published twice is the same state). A record whose key names no valid MQTT topic goes
 * to {@link Topics#DEADLETTER}, as does one the broker refuses (e.g. its ACL).
 */
public final class ReverseChannel implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ReverseChannel.class);
    public static final List<String> TOPICS = List.of(Topics.MODELS, Topics.DEVICE_CONFIG);
    /** Pause before trying again while the broker is away (ms). */
    private static final long RETRY_MS = 1000;

    /** Where a Kafka record goes over MQTT, or why it cannot. */
    record Target(String mqttTopic, String refusal) {
        static Target of(String topic) {
            return new Target(topic, null);
        }

        static Target refused(String reason) {
            return new Target(null, reason);
        }
    }

    /** The MQTT side, as this class needs it. */
    public interface Publisher {
        boolean subscribed();

        IMqttToken publish(String topic, byte[] payload, boolean retained) throws MqttException;
    }

    private final Consumer<byte[], byte[]> consumer;
    private final Producer<byte[], byte[]> producer;
    private final Publisher mqtt;
    private final GatewayMetrics metrics;
    private final Duration publishTimeout;
    private final LongSupplier clockMs;
    private final Thread thread;
    private volatile boolean running = true;

    public ReverseChannel(Consumer<byte[], byte[]> consumer, Producer<byte[], byte[]> producer, Publisher mqtt,
                          GatewayMetrics metrics, Duration publishTimeout, LongSupplier clockMs) {
        this.consumer = consumer;
        this.producer = producer;
        this.mqtt = mqtt;
        this.metrics = metrics;
        this.publishTimeout = publishTimeout;
        this.clockMs = clockMs;
        this.thread = new Thread(this::run, "kafka-to-mqtt");
        thread.setDaemon(true);
    }

    public void start() {
        consumer.subscribe(TOPICS);
        thread.start();
    }

    /** The MQTT topic a record of {@code kafkaTopic} with this key is published to. */
    static Target target(String kafkaTopic, byte[] keyBytes) {
        String key = keyBytes == null ? null : new String(keyBytes, StandardCharsets.UTF_8);
        if (Topics.MODELS.equals(kafkaTopic)) {
            if (key == null || !TelemetryJson.ID.matcher(key).matches()) {
                return Target.refused("key must be an asset type matching " + TelemetryJson.ID.pattern() + ", got " + quoted(key));
            }
            return Target.of(MqttTopics.model(key));
        }
        if (Topics.DEVICE_CONFIG.equals(kafkaTopic)) {
            String[] parts = key == null ? new String[0] : key.split("/", -1);
            if (parts.length != 2 || !TelemetryJson.ID.matcher(parts[0]).matches() || !TelemetryJson.ID.matcher(parts[1]).matches()) {
                return Target.refused("key must be {site}/{device}, each matching " + TelemetryJson.ID.pattern() + ", got " + quoted(key));
            }
            return Target.of(MqttTopics.config(parts[0], parts[1]));
        }
        return Target.refused("topic " + kafkaTopic + " is not published over MQTT");
    }

    private static String quoted(String key) {
        return key == null ? "no key" : "'" + key + "'";
    }

    private void run() {
        try {
            while (running) {
                if (!mqtt.subscribed()) {
                    // Nothing to publish to: leave the records in Kafka rather than poll them.
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
                    continue;
                }
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
                if (!records.isEmpty()) {
                    publishAll(records);
                }
            }
        } catch (WakeupException stopping) {
            // close() woke the poll.
        } catch (RuntimeException e) {
            LOG.errorf(e, "Kafka -> MQTT channel stopped; models and configuration are no longer published until a restart");
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void publishAll(ConsumerRecords<byte[], byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            for (ConsumerRecord<byte[], byte[]> r : records.records(partition)) {
                if (!running || !publish(r)) {
                    // Broker away or stopping: read this partition again from here, and every
                    // other partition from where this poll started it.
                    for (TopicPartition p : records.partitions()) {
                        OffsetAndMetadata d = done.get(p);
                        consumer.seek(p, d != null ? d.offset() : records.records(p).get(0).offset());
                    }
                    commit(done);
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(RETRY_MS));
                    return;
                }
                done.put(partition, new OffsetAndMetadata(r.offset() + 1));
            }
        }
        commit(done);
    }

    private void commit(Map<TopicPartition, OffsetAndMetadata> done) {
        if (!done.isEmpty()) {
            consumer.commitSync(done);
        }
    }

    /** @return true when the record is settled (published, or dead-lettered); false to try again */
    private boolean publish(ConsumerRecord<byte[], byte[]> r) {
        Target target = target(r.topic(), r.key());
        if (target.refusal() != null) {
            return deadLetter(r, target.refusal());
        }
        byte[] payload = r.value() == null ? new byte[0] : r.value();
        try {
            IMqttToken token = mqtt.publish(target.mqttTopic(), payload, true);
            token.waitForCompletion(publishTimeout.toMillis());
            int[] codes = token.getReasonCodes();
            if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
                return deadLetter(r, String.format("MQTT broker refused the retained publish to %s (reason code 0x%02x): check its ACL",
                        target.mqttTopic(), codes[0]));
            }
            metrics.published(Topics.MODELS.equals(r.topic()));
            LOG.infof("Published %s retained to %s (%d bytes, from %s offset %d)",
                    r.value() == null ? "a clear" : Topics.MODELS.equals(r.topic()) ? "a model" : "a configuration",
                    target.mqttTopic(), payload.length, r.topic() + "/" + r.partition(), r.offset());
            return true;
        } catch (MqttException e) {
            LOG.warnf("Could not publish %s to MQTT (%s); trying again in %d ms", target.mqttTopic(), e.getMessage(), RETRY_MS);
            return false;
        }
    }

    private boolean deadLetter(ConsumerRecord<byte[], byte[]> r, String reason) {
        String source = "kafka:" + r.topic() + "/" + r.partition() + "@" + r.offset();
        LOG.warnf("Refused the record %s, sent to %s: %s", source, Topics.DEADLETTER, reason);
        ProducerRecord<byte[], byte[]> refusal = Records.deadLetter(r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8),
                source, r.value(), reason, clockMs.getAsLong());
        try {
            try {
                producer.send(refusal).get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RecordTooLargeException)) {
                    throw e;
                }
                // A model of several MB does not fit the dead-letter topic: retrying it would block
                // every model and configuration behind it for ever.
                producer.send(Records.withoutPayload(refusal)).get(30, TimeUnit.SECONDS);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            LOG.warnf("Could not dead-letter %s (%s); trying again", source, e.toString());
            return false;
        }
    }

    /** Stops after the publish in progress; what was not acknowledged is read again next time. */
    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(15));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
