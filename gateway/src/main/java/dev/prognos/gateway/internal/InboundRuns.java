package dev.prognos.gateway.internal;

import java.lang.reflect.Field;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;

/**
 * Hands the messages Paho delivers to the gateway in runs, not one by one. Paho 1.2.5's receiver
 * thread passes each message to its callback thread through a queue of 10 with a wait/notify per
 * message: while the gateway is slower than the broker (saturated), the queue is full, so every
 * message the callback thread takes wakes the receiver, which adds one and sleeps again: two
 * thread switches and two system calls per message (measured: ~0.5 voluntary switches of the
 * receiver and ~0.5 preemptions of the callback thread per message at 43,000 messages/s). Here
 * the callback thread only holds each message while Paho's queue has more, up to {@link #MAX}, and
 * then handles the whole run: Paho's queue empties in one go and the receiver refills it in one
 * go, one wake-up per run.
 *
 * <p>Nothing is acknowledged earlier or later than before: a held message has not reached the
 * handler and is unacknowledged. A message is held only while the callback thread itself sees
 * another one in Paho's queue, and only that thread takes from it, so the next delivery, which
 * ends the hold, is certain (unless the connection ends first: then the held messages stay
 * unacknowledged and the broker sends them again, as with any message in flight). When Paho's
 * queue cannot be reached (another Paho version), every message is handled at once.
 */
final class InboundRuns {

    /** Longest run (messages): about 0.2 ms of handling, far below any timeout. */
    static final int MAX = 32;

    /** Where a run goes, message by message, in order. */
    @FunctionalInterface
    interface Sink {
        void deliver(String topic, byte[] payload, long arrivedOn, int id, int qos);
    }

    private final BooleanSupplier moreQueued;
    private final Sink sink;
    private final String[] topics = new String[MAX];
    private final byte[][] payloads = new byte[MAX][];
    private final long[] arrivedOn = new long[MAX];
    private final int[] ids = new int[MAX];
    private final int[] qos = new int[MAX];
    private int held;

    /** @param moreQueued whether Paho has another message queued for the calling thread */
    InboundRuns(BooleanSupplier moreQueued, Sink sink) {
        this.moreQueued = moreQueued;
        this.sink = sink;
    }

    /** Called on Paho's callback thread only. */
    void add(String topic, byte[] payload, long connection, int id, int qos) {
        int i = held++;
        topics[i] = topic;
        payloads[i] = payload;
        arrivedOn[i] = connection;
        ids[i] = id;
        this.qos[i] = qos;
        if (held == MAX || !moreQueued.getAsBoolean()) {
            flush();
        }
    }

    /** How many messages are held now (tests). */
    int held() {
        return held;
    }

    private void flush() {
        int n = held;
        held = 0;
        for (int i = 0; i < n; i++) {
            String topic = topics[i];
            byte[] payload = payloads[i];
            topics[i] = null;
            payloads[i] = null;
            sink.deliver(topic, payload, arrivedOn[i], ids[i], qos[i]);
        }
    }

    /**
     * Whether Paho 1.2.5's callback thread has another message queued ({@code CommsCallback.messageQueue},
     * read without its lock: only the callback thread removes from it, so when that thread sees
     * it non-empty, it is), or null when the field cannot be reached.
     */
    static BooleanSupplier pahoQueue(MqttAsyncClient client) {
        try {
            Object comms = field(MqttAsyncClient.class, "comms").get(client);
            Object callback = field(comms.getClass(), "callback").get(comms);
            List<?> queue = (List<?>) field(callback.getClass(), "messageQueue").get(callback);
            return queue == null ? null : () -> !queue.isEmpty();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        Field f = type.getDeclaredField(name);
        f.setAccessible(true);
        return f;
    }
}
