package dev.prognos.edge.internal;

import dev.prognos.edge.Outbox;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that moves messages from the outbox to the broker: connects (backoff with
 * jitter), announces the device online, then publishes the outbox oldest first at QoS 1 with at
 * most {@link #WINDOW} unacknowledged, at most {@code ratePerSecond}, and deletes each message on
 * its PUBACK. After a disconnection it starts again from the oldest message still stored, so a
 * message whose PUBACK was lost is sent again (at-least-once; the cloud drops duplicates by
 * (device, seq)).
 *
 * <p>Paho keeps nothing: memory persistence and a clean start, because the outbox is the only
 * store that must survive a crash, and two stores would disagree after one.
 */
public final class Publisher implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Publisher.class);

    /** Unacknowledged publishes at once: below Mosquitto's default max_inflight_messages (20). */
    public static final int WINDOW = 16;
    /** How long a connect attempt may take before it counts as failed, in s. */
    private static final int CONNECT_TIMEOUT_S = 10;
    /** Keep-alive, in s: a dead link is noticed after about 1.5 times this. */
    private static final int KEEP_ALIVE_S = 20;

    /**
     * Connection settings the agent builds from its options.
     *
     * @param modelTopic the retained model topic of the device's asset type; null when the device takes no model
     * @param alertTopic where the device's own alerts go
     */
    public record Settings(String serverUri, String clientId, String telemetryTopic, String statusTopic,
                           String configTopic, String modelTopic, String alertTopic, MqttConnectionOptions connection,
                           int ratePerSecond,
                           long backoffMinMs, long backoffMaxMs, long statusIntervalMs) {
    }

    private final Settings settings;
    private final Outbox outbox;
    /** Status JSON for a state ("online", "offline"), with the outbox figures of the moment. */
    private final java.util.function.Function<String, byte[]> status;
    /** Receives the retained configuration (on Paho's callback thread); empty when it was cleared. */
    private final java.util.function.Consumer<byte[]> configListener;
    /** Receives the retained model artifact (on Paho's callback thread); empty when it was cleared. */
    private final java.util.function.Consumer<byte[]> modelListener;
    private final RateLimiter limiter;
    private final Object wake = new Object();
    private volatile long statusIntervalMs;
    /** Set when the status changed (a configuration was applied or refused): published at once. */
    private volatile boolean statusDue;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean running = true;
    private volatile boolean connected;
    /** Bumped at each connection: acks from an older connection must not free the new window. */
    private volatile int epoch;
    private MqttAsyncClient client;

    public Publisher(Settings settings, Outbox outbox, java.util.function.Function<String, byte[]> status,
                     java.util.function.Consumer<byte[]> configListener, java.util.function.Consumer<byte[]> modelListener) {
        this.settings = settings;
        this.outbox = outbox;
        this.status = status;
        this.configListener = configListener;
        this.modelListener = modelListener;
        this.limiter = new RateLimiter(settings.ratePerSecond());
        this.statusIntervalMs = settings.statusIntervalMs();
    }

    /** Changes the flush rate (messages/s) from the next message on. */
    public void ratePerSecond(int perSecond) {
        limiter.rate(perSecond);
    }

    /** Changes the interval between status messages, from the next one on. */
    public void statusIntervalMs(long ms) {
        statusIntervalMs = ms;
        statusDue = true;
        wake();
    }

    /** Publishes the status message soon (the publisher thread does it when connected). */
    public void statusChanged() {
        statusDue = true;
        wake();
    }

    /**
     * Publishes an alert raised on the device (QoS 1, not retained) if connected, from the caller's
     * thread. Best effort: unlike a reading it is not kept while offline (the reading that raised it
     * is, with the model's outputs, and the stream job alerts on the same conditions). It takes one
     * of the broker's in-flight slots beside the {@link #WINDOW}, still below Mosquitto's 20.
     *
     * @return whether it was handed to the client
     */
    public boolean publishAlert(byte[] payload) {
        MqttAsyncClient c = client;
        if (!connected || c == null) {
            return false;
        }
        try {
            c.publish(settings.alertTopic(), message(payload, false));
            return true;
        } catch (MqttException e) {
            LOG.warn("could not publish an alert on {}: {}", settings.alertTopic(), describe(e));
            return false;
        }
    }

    /** Called when a reading was stored: wakes the thread instead of letting it poll. */
    public void wake() {
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    public boolean connected() {
        return connected;
    }

    @Override
    public void run() {
        Backoff backoff = new Backoff(settings.backoffMinMs(), settings.backoffMaxMs(),
                () -> ThreadLocalRandom.current().nextDouble());
        long lastSent = 0;
        long nextStatus = 0;
        while (running) {
            if (!connected) {
                try {
                    connect();
                    backoff.reset();
                    lastSent = 0;
                    nextStatus = System.currentTimeMillis() + statusIntervalMs;
                    Outbox.Stats s = outbox.stats();
                    LOG.info("connected to {} as {}; outbox holds {} messages (seq {}..{}), {} dropped, {} refused so far",
                            settings.serverUri(), settings.clientId(), s.depth(),
                            s.depth() == 0 ? "-" : String.valueOf(s.lastSeq() - s.depth() + 1), s.lastSeq(),
                            s.dropped(), s.refused());
                } catch (MqttException | RuntimeException e) {
                    long delay = backoff.nextDelayMs();
                    LOG.warn("cannot connect to {}: {}; next attempt in {} ms", settings.serverUri(), describe(e), delay);
                    pause(delay);
                    continue;
                }
            }
            try {
                int room = WINDOW - inFlight.get();
                if (statusDue) {
                    statusDue = false;
                    publishStatus("online");
                }
                if (room > 0) {
                    List<Outbox.Entry> batch = outbox.oldest(lastSent, room);
                    for (Outbox.Entry e : batch) {
                        if (!running || !connected || !limiter.acquire()) {
                            break;
                        }
                        publish(e);
                        lastSent = e.seq();
                    }
                    if (!batch.isEmpty()) {
                        continue;
                    }
                }
                if (statusDue || System.currentTimeMillis() >= nextStatus) {
                    statusDue = false;
                    publishStatus("online");
                    nextStatus = System.currentTimeMillis() + statusIntervalMs;
                }
                pause(250);
            } catch (MqttException e) {
                LOG.warn("publish failed: {}; reconnecting", describe(e));
                dropConnection();
            }
        }
    }

    /**
     * Stops after waiting up to {@code drainMs} for the outbox to empty, then publishes the
     * retained offline status (a clean disconnect does not fire the Last Will) and disconnects.
     */
    public void stop(Thread thread, long drainMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + drainMs;
        while (connected && outbox.stats().depth() > 0 && System.currentTimeMillis() < deadline) {
            synchronized (wake) {
                wake.wait(50);
            }
        }
        running = false;
        wake();
        thread.join(5_000);
        MqttAsyncClient c = client;
        if (c != null && connected) {
            try {
                c.publish(settings.statusTopic(), message(status.apply("offline"), true)).waitForCompletion(2_000);
                c.disconnect(2_000).waitForCompletion(3_000);
            } catch (MqttException e) {
                LOG.warn("clean disconnect failed: {}", describe(e));
            }
        }
        if (c != null) {
            try {
                c.close(true);
            } catch (MqttException ignored) {
                // Closing after a failed disconnect: nothing left to release that matters.
            }
        }
    }

    private void connect() throws MqttException {
        if (client == null) {
            client = new MqttAsyncClient(settings.serverUri(), settings.clientId(), new MemoryPersistence());
            client.setCallback(new Callback());
        }
        MqttConnectionOptions options = settings.connection();
        options.setWill(settings.statusTopic(), message(status.apply("offline"), true));
        options.setCleanStart(true);
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout(CONNECT_TIMEOUT_S);
        options.setKeepAliveInterval(KEEP_ALIVE_S);
        client.connect(options).waitForCompletion((CONNECT_TIMEOUT_S + 2) * 1000L);
        epoch++;
        inFlight.set(0);
        connected = true;
        publishStatus("online");
        // After the birth: the broker hands the retained configuration at once, and the status
        // that answers it must come after the birth. subscribe(topic, qos) with the callback:
        // Paho 1.2.5's listener forms overflow the stack (STACK.md).
        client.subscribe(settings.configTopic(), 1);
        if (settings.modelTopic() != null) {
            client.subscribe(settings.modelTopic(), 1);
        }
    }

    private void publish(Outbox.Entry e) throws MqttException {
        int myEpoch = epoch;
        inFlight.incrementAndGet();
        client.publish(settings.telemetryTopic(), message(e.payload(), false), e.seq(), new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                int[] codes = token.getReasonCodes();
                if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
                    // Refused by the broker (0x87 not authorized: the ACL). Keep it: deleting would
                    // lose it, and a fixed ACL lets it through after the reconnect.
                    LOG.error("broker refused seq {} on {} with reason code 0x{}; kept in the outbox, reconnecting",
                            e.seq(), settings.telemetryTopic(), Integer.toHexString(codes[0]));
                    dropConnection();
                    return;
                }
                outbox.delete(e.seq());
                if (epoch == myEpoch) {
                    inFlight.decrementAndGet();
                }
                wake();
            }

            @Override
            public void onFailure(IMqttToken token, Throwable failure) {
                LOG.debug("seq {} not acknowledged: {}", e.seq(), failure == null ? "?" : failure.getMessage());
                dropConnection();
            }
        });
    }

    private void publishStatus(String state) throws MqttException {
        client.publish(settings.statusTopic(), message(status.apply(state), true));
    }

    private static MqttMessage message(byte[] payload, boolean retained) {
        MqttMessage m = new MqttMessage(payload);
        m.setQos(1);
        m.setRetained(retained);
        return m;
    }

    private void dropConnection() {
        if (!connected) {
            return;
        }
        connected = false;
        MqttAsyncClient c = client;
        try {
            if (c != null && c.isConnected()) {
                c.disconnectForcibly(0, 1_000, false);
            }
        } catch (MqttException ignored) {
            // The link is being given up anyway; the next connect reports what is wrong.
        }
        wake();
    }

    private void pause(long ms) {
        synchronized (wake) {
            if (running) {
                try {
                    wake.wait(ms);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            }
        }
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = e.getMessage();
        return root == e ? String.valueOf(msg) : msg + " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }

    private final class Callback implements MqttCallback {
        @Override
        public void disconnected(MqttDisconnectResponse response) {
            if (connected) {
                LOG.warn("disconnected from {}: {}; the outbox keeps every reading until it is acknowledged",
                        settings.serverUri(), response.getReasonString() != null ? response.getReasonString()
                                : response.getException() != null ? describe(response.getException()) : "connection lost");
            }
            connected = false;
            wake();
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            LOG.warn("MQTT error: {}", describe(exception));
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            java.util.function.Consumer<byte[]> listener = topic.equals(settings.configTopic()) ? configListener
                    : topic.equals(settings.modelTopic()) ? modelListener : null;
            if (listener != null) {
                try {
                    listener.accept(message.getPayload());
                } catch (RuntimeException e) {
                    // Thrown out of here, Paho would drop the connection and the broker would hand
                    // the same message again at once: log it and keep the link.
                    LOG.error("handling the message on {} failed: {}", topic, e.toString());
                }
            }
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }

    /** Exposed for the agent's status line. */
    public Supplier<Integer> inFlight() {
        return inFlight::get;
    }
}
