package dev.prognos.console.internal;

import dev.prognos.core.Topics;
import dev.prognos.core.alert.AlertAck;
import dev.prognos.core.alert.AlertAckJson;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes a person's acknowledgement or resolution to {@link Topics#ALERT_ACKS} (key = device) for
 * the stream processor, idempotent, acks=all, and waits for Kafka's answer so the person learns
 * when it did not get there.
 */
public final class AckPublisher implements AutoCloseable {

    /** How long an action waits for Kafka before it reports failure, s. */
    static final long SEND_TIMEOUT_S = 15;

    private final KafkaProducer<byte[], byte[]> producer;

    public AckPublisher(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "prognos-console-acks");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) TimeUnit.SECONDS.toMillis(SEND_TIMEOUT_S));
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** @throws IllegalStateException when Kafka did not take it */
    public void send(AlertAck ack) {
        try {
            producer.send(new ProducerRecord<>(Topics.ALERT_ACKS, ack.device().getBytes(StandardCharsets.UTF_8),
                    AlertAckJson.encode(ack))).get(SEND_TIMEOUT_S + 5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing to " + Topics.ALERT_ACKS, e);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException("Kafka did not take the " + ack.action().name().toLowerCase(java.util.Locale.ROOT)
                    + " of " + ack.alertId() + " on " + Topics.ALERT_ACKS + ": " + cause, cause);
        }
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
