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
    String PASSWORD_FILE = "prognos.mqtt.password-file";
    String TLS_CA = "prognos.mqtt.tls.ca";
    String TLS_CERT = "prognos.mqtt.tls.cert";
    String TLS_KEY = "prognos.mqtt.tls.key";
    String FORWARD_STATUS = "prognos.mqtt.forward-status";
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
    String REVERSE_ENABLED = "prognos.reverse.enabled";
    String REVERSE_GROUP_ID = "prognos.reverse.group-id";
    String REVERSE_PUBLISH_TIMEOUT = "prognos.reverse.publish-timeout";
    String HEALTH_LIVENESS_GRACE = "prognos.health.liveness-grace";
    String LOG_JSON = "prognos.log.json";
    /** Not a {@code prognos.*} key: the Kafka clients' own, also read by the gateway. */
    String KAFKA_BOOTSTRAP = "kafka.bootstrap.servers";

    Mqtt mqtt();

    Kafka kafka();

    DeadLetter deadletter();

    Reverse reverse();

    Health health();

    Log log();

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

        /**
         * Password, when the broker wants one. From the environment only: no default. Prefer
         * {@link #passwordFile()}, which keeps the secret out of the process environment.
         */
        Optional<String> password();

        /**
         * File holding the password (its first line; what {@code ./prognos provision --gateway}
         * writes to {@code gateways/NAME/password}). Needs a user name; not with {@link #password()}.
         */
        Optional<String> passwordFile();

        /** TLS, for an {@code ssl://} broker. */
        Tls tls();

        /**
         * Also forward device status (birth and Last Will, {@code prognos/v1/+/+/status}) to
         * {@code prognos.device-status}, key = device id.
         */
        @WithDefault("true")
        boolean forwardStatus();

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

    interface Tls {
        /**
         * PEM file of the certificate authority that signed the broker's certificate (the
         * bundle's {@code ca.crt}). Empty: the JVM's default trust store.
         */
        Optional<String> ca();

        /** PEM client certificate for mutual TLS (port 8884); needs {@link #key()}. */
        Optional<String> cert();

        /** PKCS#8 PEM private key ({@code BEGIN PRIVATE KEY}) of {@link #cert()}. */
        Optional<String> key();
    }

    interface Kafka {
        /** Compression of record batches: {@code lz4} or {@code zstd}. */
        @WithDefault("lz4")
        String compression();

        /**
         * How long the producer waits to fill a batch (Kafka's linger.ms); 0 ms to 1 s. 20 ms
         * rather than Kafka's 5 ms: fuller batches cost Kafka and the gateway less CPU per reading
         * (BENCHMARKS.md, "Gateway"), and a reading waits at most this long more.
         */
        @WithDefault("20ms")
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

    interface Reverse {
        /**
         * Publish {@code prognos.models} (retained, {@code prognos/v1/models/{assetType}}) and
         * {@code prognos.device-config} (retained, {@code prognos/v1/{site}/{device}/config}) over MQTT.
         */
        @WithDefault("true")
        boolean enabled();

        /**
         * Kafka consumer group of the reverse channel: replicas in the same group split the
         * partitions; offsets are committed only after the broker acknowledged the publish.
         */
        @WithDefault("prognos-gateway-reverse")
        String groupId();

        /** How long one retained publish may wait for the broker's PUBACK; 1 s to 5 min. */
        @WithDefault("10s")
        Duration publishTimeout();
    }

    interface Health {
        /**
         * Liveness turns DOWN when MQTT has been disconnected, or Kafka unreachable, for longer
         * than this (so an orchestrator restarts a gateway that cannot recover by itself);
         * readiness turns DOWN at once. 10 s to 1 h.
         */
        @WithDefault("5m")
        Duration livenessGrace();
    }

    interface Log {
        /** One JSON object per log line on the console (for log collectors) instead of text. */
        @WithDefault("false")
        boolean json();
    }

    interface DeadLetter {
        /** At most this many WARN lines per second about refused input (the rest are counted); 1 to 10000. */
        @WithDefault("10")
        int warnPerSecond();
    }
}
