package dev.prognos.gateway;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * The gateway's own settings, every {@code prognos.*} key. Set them in
 * {@code application.properties}, as system properties ({@code -Dprognos.mqtt.broker=...}) or as
 * environment variables ({@code PROGNOS_MQTT_BROKER}). The Kafka connection itself is
 * {@code kafka.bootstrap.servers}; every other {@code kafka.*} key is handed to the Kafka clients
 * unchanged (security settings, for example).
 *
 * <p>Start-up checks every value ({@link dev.prognos.gateway.internal.OptionsCheck}) and stops
 * with a message naming each wrong key.
 */
@ConfigMapping(prefix = "prognos")
public interface GatewayOptions {

    String BROKER = "prognos.mqtt.broker";
    String CLIENT_ID = "prognos.mqtt.client-id";
    String USERNAME = "prognos.mqtt.username";
    String PASSWORD = "prognos.mqtt.password";
    String SHARED_GROUP = "prognos.mqtt.shared-group";
    String KEEP_ALIVE = "prognos.mqtt.keep-alive";
    String CONNECT_TIMEOUT = "prognos.mqtt.connect-timeout";
    String SESSION_EXPIRY = "prognos.mqtt.session-expiry";
    String RECONNECT_MAX_DELAY = "prognos.mqtt.reconnect-max-delay";
    String RECEIVE_MAXIMUM = "prognos.mqtt.receive-maximum";
    String COMPRESSION = "prognos.kafka.compression";
    String LINGER = "prognos.kafka.linger";
    String RETRY_BACKOFF = "prognos.kafka.retry-backoff";
    String DRAIN_TIMEOUT = "prognos.kafka.drain-timeout";
    String WARN_PER_SECOND = "prognos.deadletter.warn-per-second";
    /** Not a {@code prognos.*} key: the Kafka clients' own, also read by the gateway. */
    String KAFKA_BOOTSTRAP = "kafka.bootstrap.servers";

    Mqtt mqtt();

    Kafka kafka();

    DeadLetter deadletter();

    interface Mqtt {
        /** Broker address, {@code tcp://HOST:PORT} or {@code ssl://HOST:PORT}. */
        String broker();

        /**
         * MQTT client id. It also names the broker-side session that keeps messages while the
         * gateway is away, so keep it stable for a replica and unique among replicas.
         */
        @WithDefault("prognos-gateway")
        String clientId();

        /** User name, when the broker wants one. From the environment only: no default. */
        Optional<String> username();

        /** Password, when the broker wants one. From the environment only: no default. */
        Optional<String> password();

        /**
         * Shared-subscription group: replicas with the same group split the telemetry between
         * them ({@code $share/GROUP/prognos/v1/+/+/telemetry}). Empty: a plain subscription.
         */
        Optional<String> sharedGroup();

        /** Longest silence before the client pings the broker; 1 s to 65535 s. */
        @WithDefault("30s")
        Duration keepAlive();

        /** How long one connection attempt may take; 1 s to 300 s. */
        @WithDefault("10s")
        Duration connectTimeout();

        /**
         * How long the broker keeps the session (the subscription and unacknowledged messages)
         * after the gateway disconnects; whole seconds, 0 s to 136 years (0: start clean on every
         * connect and lose what was published meanwhile).
         */
        @WithDefault("1h")
        Duration sessionExpiry();

        /** Upper bound of the growing pause between reconnect attempts; 1 s to 10 min. */
        @WithDefault("30s")
        Duration reconnectMaxDelay();

        /**
         * Messages the broker may have in flight to the gateway without an acknowledgement
         * (MQTT 5 Receive Maximum); 1 to 65535. Each waits for its Kafka acknowledgement.
         */
        @WithDefault("1000")
        int receiveMaximum();
    }

    interface Kafka {
        /** Compression of record batches: {@code lz4} or {@code zstd}. */
        @WithDefault("lz4")
        String compression();

        /** How long the producer waits to fill a batch (Kafka's linger.ms); 0 ms to 1 s. */
        @WithDefault("5ms")
        Duration linger();

        /**
         * Pause before sending a record again after Kafka failed to take it (its MQTT message
         * stays unacknowledged meanwhile); 10 ms to 5 min.
         */
        @WithDefault("1s")
        Duration retryBackoff();

        /**
         * How long shutdown waits for records in flight to be acknowledged by Kafka (and their
         * MQTT messages acknowledged) before it closes; 0 s to 10 min. What is left is
         * redelivered by the broker to the next session.
         */
        @WithDefault("10s")
        Duration drainTimeout();
    }

    interface DeadLetter {
        /** At most this many WARN lines per second about refused input (the rest are counted); 1 to 10000. */
        @WithDefault("10")
        int warnPerSecond();
    }
}
