package dev.prognos.gateway.internal;

import dev.prognos.core.MqttTopics;
import dev.prognos.gateway.GatewayOptions;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.jboss.logging.Logger;

/**
 * The MQTT side: one MQTT 5 connection subscribed to every device's telemetry (and status) at
 * QoS 1, with manual acknowledgements; it also publishes the retained messages of the reverse
 * channel. A message is acknowledged only when its handler calls the
 * acknowledgement it was given, i.e. after Kafka took its record; until then the broker keeps it,
 * and redelivers it to the next connection of this session if this one breaks.
 *
 * <p>Messages arrive through the client-wide callback, not a per-subscription listener: a
 * persistent session may deliver queued messages right after CONNACK, before this connection
 * subscribed again, and Paho 1.2.5's listener overloads of subscribe overflow the stack.
 */
public final class MqttSubscriber implements MqttCallback, ReverseChannel.Publisher, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(MqttSubscriber.class);

    public static final int QOS = 1;
    /**
     * Largest MQTT packet the gateway accepts (bytes), announced to the broker, which drops
     * bigger messages for this client. Refused input goes to Kafka whole, so this must stay
     * below the producer's max.request.size (1 MiB by default).
     */
    public static final long MAX_PACKET_BYTES = 512 * 1024;
    private static final long FIRST_RETRY_MS = 1000;
    /** Every device's status topic (birth and Last Will). */
    public static final String ALL_STATUS = MqttTopics.PREFIX + "+/+/" + MqttTopics.STATUS;

    /** What to do with a message; call {@code ack} once Kafka took it. Must not throw. */
    @FunctionalInterface
    public interface Handler {
        void onMessage(String topic, byte[] payload, Runnable ack);
    }

    private final GatewayOptions.Mqtt options;
    private final String filter;
    private final java.util.List<String> filters;
    private final Handler handler;
    private final MqttAsyncClient client;
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mqtt-connect");
        t.setDaemon(true);
        return t;
    });
    /** Changes at every connect and disconnect: an ack is only sent on the connection its message came on. */
    private final AtomicLong connection = new AtomicLong();
    private volatile boolean subscribed;
    private volatile boolean closing;
    /** System.nanoTime() when the connection was lost (or the subscriber created); 0 while subscribed. */
    private volatile long downSinceNanos = System.nanoTime();
    private long retryDelayMs = FIRST_RETRY_MS;

    public MqttSubscriber(GatewayOptions.Mqtt options, Handler handler) {
        if (!PahoLog.install()) {
            LOG.debug("Paho cannot load the gateway's logger from its class loader; it keeps java.util.logging");
        }
        if (!PahoShadows.bulkReads()) {
            LOG.warnf("Paho decodes incoming packets byte by byte: it loads its own %s, not the gateway's "
                    + "(class path order), about 4 us more CPU per message", PahoShadows.COUNTING_INPUT_STREAM);
        }
        if (!PahoShadows.cachedLookups()) {
            LOG.warnf("Paho looks its log catalogue up for every acknowledgement: it loads its own %s, not the gateway's "
                    + "(class path order), about 1 us more CPU per message", PahoShadows.LOGGER_FACTORY);
        }
        this.options = options;
        this.filter = topicFilter(options);
        this.filters = options.forwardStatus() ? java.util.List.of(filter, statusFilter(options)) : java.util.List.of(filter);
        this.handler = handler;
        try {
            // Memory persistence: inbound QoS 1 needs no client-side state (the broker keeps
            // unacknowledged messages), and the default file persistence litters the working dir.
            this.client = new MqttAsyncClient(options.broker(), options.clientId(), new MemoryPersistence());
        } catch (MqttException e) {
            throw new IllegalArgumentException(GatewayOptions.BROKER + ": " + e.getMessage(), e);
        }
        client.setCallback(this);
        client.setManualAcks(true);
    }

    /** {@code prognos/v1/+/+/telemetry}, or its shared form for replicas. */
    public static String topicFilter(GatewayOptions.Mqtt options) {
        return options.sharedGroup().map(g -> "$share/" + g + "/" + MqttTopics.ALL_TELEMETRY).orElse(MqttTopics.ALL_TELEMETRY);
    }

    /** {@code prognos/v1/+/+/status}, or its shared form: birth and Last Will of every device. */
    public static String statusFilter(GatewayOptions.Mqtt options) {
        return options.sharedGroup().map(g -> "$share/" + g + "/" + ALL_STATUS).orElse(ALL_STATUS);
    }

    /** The telemetry filter. */
    public String filter() {
        return filter;
    }

    /** Every filter this subscriber holds. */
    public java.util.List<String> filters() {
        return filters;
    }

    /** How long it has been without a subscribed connection (ns); 0 while subscribed. */
    public long downForNanos() {
        long since = downSinceNanos;
        return since == 0 ? 0 : System.nanoTime() - since;
    }

    /**
     * Publishes at QoS 1; the token completes on the broker's PUBACK.
     *
     * @throws MqttException when not connected, or too many publishes are in flight
     */
    @Override
    public IMqttToken publish(String topic, byte[] payload, boolean retained) throws MqttException {
        MqttMessage m = new MqttMessage(payload);
        m.setQos(QOS);
        m.setRetained(retained);
        return client.publish(topic, m);
    }

    /** Connected and subscribed. */
    @Override
    public boolean subscribed() {
        return subscribed && client.isConnected();
    }

    /** Connects in the background, retrying until it succeeds; then Paho reconnects by itself. */
    public void start() {
        connect();
    }

    private MqttConnectionOptions connectionOptions() {
        MqttConnectionOptions o = new MqttConnectionOptions();
        long expiry = options.sessionExpiry().toSeconds();
        o.setCleanStart(expiry == 0);
        o.setSessionExpiryInterval(expiry);
        o.setKeepAliveInterval((int) options.keepAlive().toSeconds());
        o.setConnectionTimeout((int) options.connectTimeout().toSeconds());
        o.setAutomaticReconnect(true);
        o.setAutomaticReconnectDelay(1, (int) options.reconnectMaxDelay().toSeconds());
        o.setMaxReconnectDelay((int) options.reconnectMaxDelay().toMillis());
        o.setReceiveMaximum(options.receiveMaximum());
        o.setMaximumPacketSize(MAX_PACKET_BYTES);
        // Read at every connect: a rotated password file is picked up by the next reconnect.
        MqttSecurity.apply(options, o);
        if (options.broker().startsWith("tcp://")) {
            o.setSocketFactory(new BufferedSocketFactory());
        }
        return o;
    }

    private void connect() {
        if (closing) {
            return;
        }
        try {
            client.connect(connectionOptions(), null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    retryDelayMs = FIRST_RETRY_MS;
                }

                @Override
                public void onFailure(IMqttToken token, Throwable error) {
                    retryConnect(error);
                }
            });
        } catch (MqttException e) {
            retryConnect(e);
        }
    }

    private void retryConnect(Throwable error) {
        if (closing) {
            return;
        }
        long delay = retryDelayMs;
        retryDelayMs = Math.min(retryDelayMs * 2, options.reconnectMaxDelay().toMillis());
        LOG.warnf("MQTT broker %s not reachable (%s); trying again in %d ms", options.broker(), describe(error), delay);
        retries.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
    }

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {
        connection.incrementAndGet();
        LOG.infof("MQTT %s %s as %s; subscribing to %s at QoS %d", reconnect ? "reconnected to" : "connected to",
                serverUri, options.clientId(), String.join(" and ", filters), QOS);
        try {
            MqttSubscription[] subscriptions = filters.stream().map(f -> new MqttSubscription(f, QOS)).toArray(MqttSubscription[]::new);
            // Not waited for here: blocking on a token inside a Paho callback deadlocks.
            client.subscribe(subscriptions, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    int[] codes = token.getReasonCodes();
                    for (int i = 0; codes != null && i < codes.length && i < filters.size(); i++) {
                        if (codes[i] >= 0x80) {
                            LOG.errorf("MQTT broker refused the subscription to %s (reason code 0x%02x): check its ACL for %s",
                                    filters.get(i), codes[i], options.clientId());
                            return;
                        }
                    }
                    subscribed = true;
                    downSinceNanos = 0;
                    LOG.infof("MQTT subscribed to %s", String.join(" and ", filters));
                }

                @Override
                public void onFailure(IMqttToken token, Throwable error) {
                    LOG.errorf("MQTT subscription to %s failed: %s", filters, describe(error));
                }
            }, new MqttProperties());
        } catch (MqttException e) {
            LOG.errorf("MQTT subscription to %s failed: %s", filters, describe(e));
        }
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
        connection.incrementAndGet();
        subscribed = false;
        downSinceNanos = System.nanoTime();
        if (!closing) {
            LOG.warnf("MQTT connection to %s lost (%s); reconnecting automatically, at most %d s apart",
                    options.broker(), response == null ? "no reason given" : describe(response.getException(), response.getReasonString()),
                    options.reconnectMaxDelay().toSeconds());
        }
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        long arrivedOn = connection.get();
        int id = message.getId();
        int qos = message.getQos();
        try {
            handler.onMessage(topic, message.getPayload(), () -> ack(arrivedOn, id, qos));
        } catch (RuntimeException e) {
            // Never let it reach Paho, which would drop the connection. Unacknowledged, the
            // message comes back with the next session.
            LOG.errorf(e, "Handling the MQTT message on %s failed; left unacknowledged", topic);
        }
    }

    private void ack(long arrivedOn, int id, int qos) {
        if (qos == 0) {
            return;
        }
        if (arrivedOn != connection.get()) {
            // The broker resends it on the new connection; acking the old id there could
            // acknowledge a different message.
            LOG.debugf("Not acknowledging MQTT message %d: it came on an earlier connection", id);
            return;
        }
        try {
            client.messageArrivedComplete(id, qos);
        } catch (MqttException | RuntimeException e) {
            LOG.debugf("Could not acknowledge MQTT message %d (%s); the broker will redeliver it", id, describe(e));
        }
    }

    @Override
    public void mqttErrorOccurred(MqttException error) {
        LOG.warnf("MQTT error: %s", describe(error));
    }

    @Override
    public void deliveryComplete(IMqttToken token) {
        // Publishes of the reverse channel wait on their own tokens.
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {
        // No enhanced authentication.
    }

    /** Disconnects, leaving the session (and its unacknowledged messages) on the broker. */
    @Override
    public void close() {
        closing = true;
        subscribed = false;
        retries.shutdownNow();
        try {
            if (client.isConnected()) {
                client.disconnect(2000).waitForCompletion(3000);
                LOG.infof("MQTT disconnected from %s", options.broker());
            }
        } catch (MqttException | RuntimeException e) {
            LOG.debugf("MQTT disconnect: %s", describe(e));
        }
        try {
            client.close(true);
        } catch (MqttException | RuntimeException e) {
            LOG.debugf("MQTT close: %s", describe(e));
        }
    }

    private static String describe(Throwable error) {
        return describe(error, null);
    }

    private static String describe(Throwable error, String fallback) {
        if (error == null) {
            return fallback == null ? "no reason given" : fallback;
        }
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        return root == error ? text : text + ": " + (root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage());
    }
}
