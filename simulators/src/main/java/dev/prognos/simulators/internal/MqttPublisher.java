package dev.prognos.simulators.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes at QoS 1 through one Paho MQTT 5 async client, with an in-memory FIFO in front of it.
 * Messages wait in the FIFO while the broker is away or the in-flight window is full, so a seq is
 * never skipped: a message whose delivery failed (connection lost before its PUBACK) goes back to
 * the head of the FIFO and is sent again after the reconnect. That is at-least-once: the broker
 * may see such a message twice, and downstream drops duplicates by (device, seq).
 *
 * <p>Threading: the queue belongs to the fleet's single loop thread; {@link #publish} must be
 * called on it, and Paho's callbacks hand their work over to it.
 */
public final class MqttPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(MqttPublisher.class);

    public static final int QOS = 1;
    /**
     * Our cap on unacknowledged publishes. The broker's Receive Maximum may be lower (Mosquitto's
     * default is 20): Paho then refuses the publish and the message waits for the next PUBACK.
     */
    static final int MAX_IN_FLIGHT = 200;
    /** Messages held while the broker is away; beyond this the oldest are dropped and counted. */
    static final int MAX_QUEUED = 200_000;
    /** Backoff between attempts of the first connection (s); later ones are Paho's automatic reconnect. */
    static final int CONNECT_RETRY_MIN_S = 1;
    static final int CONNECT_RETRY_MAX_S = 30;

    private record Outgoing(String topic, byte[] payload) {
    }

    private final String broker;
    private final ScheduledExecutorService loop;
    private final MqttAsyncClient client;
    private final MqttConnectionOptions connectOptions = new MqttConnectionOptions();
    private final Deque<Outgoing> queue = new ArrayDeque<>();

    private final AtomicLong published = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger queued = new AtomicInteger();

    private volatile boolean closing;
    private int connectRetryS = CONNECT_RETRY_MIN_S;
    private boolean warnedRejected;

    /** Counters since start. {@code failed}: refused by the broker or dropped from a full queue. */
    public record Stats(long published, int inFlight, int queued, long retried, long failed) {
    }

    public MqttPublisher(String broker, String clientId, ScheduledExecutorService loop) {
        this.broker = broker;
        this.loop = loop;
        try {
            // In memory: Paho's default file persistence would write into the working directory.
            this.client = new MqttAsyncClient(broker, clientId, new MemoryPersistence());
        } catch (MqttException e) {
            throw new IllegalArgumentException("cannot create an MQTT client for " + broker + ": " + e.getMessage(), e);
        }
        connectOptions.setCleanStart(true);
        connectOptions.setAutomaticReconnect(true);
        connectOptions.setAutomaticReconnectDelay(CONNECT_RETRY_MIN_S, CONNECT_RETRY_MAX_S);
        connectOptions.setConnectionTimeout(10);
        connectOptions.setKeepAliveInterval(30);
        client.setCallback(new Callback());
    }

    /** Connects in the background, retrying until the broker answers. */
    public void start() {
        loop.execute(this::connect);
    }

    /** Queues one message and sends what the in-flight window allows. Call on the loop thread. */
    public void publish(String topic, byte[] payload) {
        if (queue.size() >= MAX_QUEUED) {
            queue.pollFirst();
            long dropped = failed.incrementAndGet();
            if (dropped == 1 || dropped % 10_000 == 0) {
                LOG.warn("Queue full ({} messages waiting for {}): dropped the oldest; {} dropped or refused so far",
                        MAX_QUEUED, broker, dropped);
            }
        }
        queue.addLast(new Outgoing(topic, payload));
        drain();
    }

    public Stats stats() {
        return new Stats(published.get(), inFlight.get(), queued.get(), retried.get(), failed.get());
    }

    public boolean isConnected() {
        return client.isConnected();
    }

    /** True when nothing waits and nothing is unacknowledged. */
    public boolean idle() {
        return queued.get() == 0 && inFlight.get() == 0;
    }

    /** Disconnects cleanly (waits up to {@code quiesceMillis} for work in progress) and frees the client. */
    public void close(long quiesceMillis) {
        closing = true;
        try {
            if (client.isConnected()) {
                client.disconnect(quiesceMillis).waitForCompletion(quiesceMillis + 2_000);
            }
        } catch (MqttException e) {
            LOG.warn("Disconnect from {} did not complete cleanly: {}", broker, e.getMessage());
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            LOG.debug("Closing the MQTT client: {}", e.getMessage());
        }
    }

    private void connect() {
        if (closing) {
            return;
        }
        try {
            client.connect(connectOptions, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    connectRetryS = CONNECT_RETRY_MIN_S; // connectComplete logs and drains
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    retryConnect(e);
                }
            });
        } catch (MqttException e) {
            retryConnect(e);
        }
    }

    private void retryConnect(Throwable e) {
        if (closing) {
            return;
        }
        int delay = connectRetryS;
        connectRetryS = Math.min(CONNECT_RETRY_MAX_S, connectRetryS * 2);
        LOG.warn("Cannot connect to MQTT broker {}: {}; retrying in {} s ({} readings queued)",
                broker, describe(e), delay, queue.size());
        loop.schedule(this::connect, delay, TimeUnit.SECONDS);
    }

    private void drain() {
        while (!closing && client.isConnected() && inFlight.get() < MAX_IN_FLIGHT && !queue.isEmpty()) {
            Outgoing next = queue.pollFirst();
            try {
                inFlight.incrementAndGet();
                client.publish(next.topic(), next.payload(), QOS, false, next, acks);
            } catch (MqttException e) {
                inFlight.decrementAndGet();
                queue.addFirst(next);
                if (!transientRefusal(e)) {
                    LOG.warn("Publish to {} refused by the client: {}; will retry", next.topic(), describe(e));
                }
                break; // wait for an ack or the reconnect, which drain again
            }
        }
        queued.set(queue.size());
    }

    /** Refusals that clear by themselves: window full, connection coming or going. */
    private static boolean transientRefusal(MqttException e) {
        int code = e.getReasonCode();
        return code == MqttClientException.REASON_CODE_MAX_INFLIGHT
                || code == MqttClientException.REASON_CODE_CLIENT_NOT_CONNECTED
                || code == MqttClientException.REASON_CODE_CONNECTION_LOST
                || code == MqttClientException.REASON_CODE_CLIENT_DISCONNECTING
                || code == MqttClientException.REASON_CODE_CONNECT_IN_PROGRESS
                || code == MqttClientException.REASON_CODE_NO_MESSAGE_IDS_AVAILABLE;
    }

    private final MqttActionListener acks = new MqttActionListener() {
        @Override
        public void onSuccess(IMqttToken token) {
            int[] codes = token.getReasonCodes();
            Outgoing message = (Outgoing) token.getUserContext();
            loop.execute(() -> {
                inFlight.decrementAndGet();
                // MQTT 5 PUBACK reason codes of 0x80 and above mean the broker refused the message.
                if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
                    failed.incrementAndGet();
                    if (!warnedRejected) {
                        warnedRejected = true;
                        LOG.warn("Broker refused a message on {} with reason code 0x{} (not retried; further refusals are only counted)",
                                message.topic(), Integer.toHexString(codes[0]));
                    }
                } else {
                    published.incrementAndGet();
                }
                drain();
            });
        }

        @Override
        public void onFailure(IMqttToken token, Throwable e) {
            Outgoing message = (Outgoing) token.getUserContext();
            loop.execute(() -> {
                inFlight.decrementAndGet();
                retried.incrementAndGet();
                queue.addFirst(message);
                queued.set(queue.size());
                drain();
            });
        }
    };

    private final class Callback implements MqttCallback {
        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            LOG.info("{} MQTT broker {}", reconnect ? "Reconnected to" : "Connected to", serverUri);
            loop.execute(MqttPublisher.this::drain);
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            if (closing) {
                return;
            }
            LOG.warn("Lost connection to MQTT broker {}: {}; reconnecting automatically, readings queue meanwhile",
                    broker, response.getException() != null ? describe(response.getException())
                            : "broker sent DISCONNECT, reason code " + response.getReturnCode());
        }

        @Override
        public void mqttErrorOccurred(MqttException e) {
            LOG.warn("MQTT error from {}: {}", broker, describe(e));
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            // The fleet subscribes to nothing.
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            // Counted by the per-publish listener.
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        Throwable cause = e.getCause();
        if (cause != null && cause.getMessage() != null && (message == null || !message.contains(cause.getMessage()))) {
            message = (message == null ? "" : message + ": ") + cause.getMessage();
        }
        return message == null ? e.getClass().getSimpleName() : message;
    }
}
