package dev.prognos.gateway.internal;

import dev.prognos.core.MqttTopics;
import dev.prognos.core.Topics;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

/**
 * The bridge itself: checks each MQTT message, sends valid telemetry to
 * {@link Topics#TELEMETRY} and everything else to {@link Topics#DEADLETTER}, and acknowledges
 * the MQTT message only from the Kafka callback that confirms the record. A record Kafka did not
 * take is sent again after a pause, its MQTT message still unacknowledged: nothing is dropped,
 * and a gateway that dies meanwhile leaves the message with the broker.
 */
public final class Forwarder implements MqttSubscriber.Handler {

    private static final Logger LOG = Logger.getLogger(Forwarder.class);

    private final Producer<byte[], byte[]> producer;
    private final GatewayMetrics metrics;
    private final Duration retryBackoff;
    private final LongSupplier clockMs;
    private final RateLimitedLog refusals;
    private final RateLimitedLog failures;
    private final ScheduledThreadPoolExecutor retries = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "kafka-resend");
        t.setDaemon(true);
        return t;
    });
    /** Messages received and neither acknowledged nor given up yet. */
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean accepting = true;

    public Forwarder(Producer<byte[], byte[]> producer, GatewayMetrics metrics, Duration retryBackoff,
                     int warnPerSecond, LongSupplier clockMs) {
        this.producer = producer;
        this.metrics = metrics;
        this.retryBackoff = retryBackoff;
        this.clockMs = clockMs;
        this.refusals = new RateLimitedLog(LOG, warnPerSecond);
        this.failures = new RateLimitedLog(LOG, warnPerSecond);
        // After drain, resends still waiting are dropped here; their MQTT messages stay
        // unacknowledged and come back with the next session.
        retries.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        metrics.inFlight(inFlight::get);
    }

    @Override
    public void onMessage(String topic, byte[] payload, Runnable ack) {
        if (!accepting) {
            // Shutting down: left unacknowledged, the broker keeps it for the next session.
            return;
        }
        metrics.received();
        inFlight.incrementAndGet();
        ProducerRecord<byte[], byte[]> record;
        boolean valid;
        try {
            MqttTopics.DeviceTopic source = MqttTopics.parse(topic).orElse(null);
            record = source != null && MqttTopics.STATUS.equals(source.kind())
                    ? Records.status(source, topic, payload)
                    : Records.telemetry(TelemetryCheck.check(topic, source, payload));
            valid = true;
        } catch (RuntimeException e) {
            String reason = TelemetryCheck.reasonOf(e);
            refusals.warn("Refused %d bytes on %s, sent to %s: %s", payload.length, topic, Topics.DEADLETTER, reason);
            record = Records.deadLetter(topic, payload, reason, clockMs.getAsLong());
            valid = false;
        }
        send(record, valid, ack);
    }

    private void send(ProducerRecord<byte[], byte[]> record, boolean valid, Runnable ack) {
        long sentAt = System.nanoTime();
        try {
            producer.send(record, (metadata, error) -> {
                if (error != null) {
                    resendLater(record, valid, ack, error);
                    return;
                }
                metrics.sendLatency(System.nanoTime() - sentAt);
                if (!valid) {
                    metrics.deadLettered();
                } else if (Topics.DEVICE_STATUS.equals(record.topic())) {
                    metrics.statusForwarded();
                } else {
                    metrics.forwarded();
                }
                try {
                    ack.run();
                } finally {
                    inFlight.decrementAndGet();
                }
            });
        } catch (RuntimeException e) {
            // send() itself throws when metadata is not available in max.block.ms, or the
            // producer is closed.
            resendLater(record, valid, ack, e);
        }
    }

    private void resendLater(ProducerRecord<byte[], byte[]> record, boolean valid, Runnable ack, Exception error) {
        metrics.sendFailed();
        if (retries.isShutdown()) {
            // Stopped after the drain deadline: redelivered by the broker to the next session.
            inFlight.decrementAndGet();
            return;
        }
        failures.warn("Kafka did not take a record for %s (%s); sending it again in %d ms, its MQTT message stays unacknowledged",
                record.topic(), error.toString(), retryBackoff.toMillis());
        try {
            retries.schedule(() -> send(record, valid, ack), retryBackoff.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopped) {
            // Shut down: given up here, redelivered by the broker to the next session.
            inFlight.decrementAndGet();
        }
    }

    public int inFlight() {
        return inFlight.get();
    }

    /**
     * Stops taking messages and waits up to {@code timeout} for those in flight to be
     * acknowledged by Kafka and over MQTT.
     *
     * @return how many were still in flight at the deadline
     */
    public int drain(Duration timeout) {
        accepting = false;
        long deadline = System.nanoTime() + timeout.toNanos();
        // Not producer.flush(): with Kafka away it blocks for the whole delivery timeout (2 min).
        // Batches leave after linger.ms anyway.
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(10_000_000L); // 10 ms
        }
        int left = inFlight.get();
        // No interrupt: a send in progress finishes (at most max.block.ms) rather than fail.
        retries.shutdown();
        return left;
    }
}
