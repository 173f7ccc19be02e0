package dev.prognos.gateway;

import dev.prognos.core.MqttTopics;
import dev.prognos.core.Topics;
import dev.prognos.gateway.internal.Forwarder;
import dev.prognos.gateway.internal.GatewayMetrics;
import dev.prognos.gateway.internal.KafkaProbe;
import dev.prognos.gateway.internal.KafkaSettings;
import dev.prognos.gateway.internal.MqttSubscriber;
import dev.prognos.gateway.internal.JsonLogs;
import dev.prognos.gateway.internal.MqttSecurity;
import dev.prognos.gateway.internal.OptionsCheck;
import dev.prognos.gateway.internal.ReverseChannel;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * The MQTT → Kafka gateway: subscribes to every device's telemetry when the application starts
 * and stops cleanly when it stops (in-flight records drained, their MQTT messages acknowledged).
 */
@ApplicationScoped
public class Gateway {

    private static final Logger LOG = Logger.getLogger(Gateway.class);

    private final GatewayOptions options;
    private final Config config;
    private final GatewayMetrics metrics;
    private KafkaProducer<byte[], byte[]> producer;
    private KafkaProbe probe;
    private Forwarder forwarder;
    private MqttSubscriber subscriber;
    private ReverseChannel reverse;
    private String kafkaBootstrap;

    @Inject
    public Gateway(GatewayOptions options, Config config, GatewayMetrics metrics) {
        this.options = options;
        this.config = config;
        this.metrics = metrics;
    }

    void onStart(@Observes StartupEvent event) {
        if (options.log().json()) {
            JsonLogs.install();
        }
        kafkaBootstrap = config.getOptionalValue(GatewayOptions.KAFKA_BOOTSTRAP, String.class).orElse(null);
        List<String> problems = OptionsCheck.problems(options, kafkaBootstrap);
        if (!problems.isEmpty()) {
            throw new ConfigurationException("Invalid gateway settings (see gateway/README.md):\n  " + String.join("\n  ", problems));
        }
        Map<String, Object> passthrough = KafkaSettings.passthrough(config.getPropertyNames(),
                name -> config.getOptionalValue(name, String.class));
        producer = new KafkaProducer<>(KafkaSettings.producer(passthrough, options.kafka()));
        probe = new KafkaProbe(KafkaSettings.admin(passthrough));
        // The bean itself, not its client proxy: the forwarder counts every message, and the proxy
        // looks the instance up in the application context at each call.
        forwarder = new Forwarder(producer, io.quarkus.arc.ClientProxy.unwrap(metrics), options.kafka().retryBackoff(),
                options.deadletter().warnPerSecond(), System::currentTimeMillis);
        try {
            subscriber = new MqttSubscriber(options.mqtt(), forwarder);
            // Fail at start, naming the key, rather than at every reconnect.
            MqttSecurity.password(options.mqtt());
            if (options.mqtt().tls().ca().isPresent() || options.mqtt().tls().cert().isPresent()) {
                MqttSecurity.apply(options.mqtt(), new org.eclipse.paho.mqttv5.client.MqttConnectionOptions());
            }
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("Invalid gateway settings (see gateway/README.md):\n  " + e.getMessage());
        }
        LOG.infof("Prognos gateway: MQTT %s (client id %s%s, %s at QoS %d) -> Kafka %s (%s%s; refused input to %s)",
                options.mqtt().broker(), options.mqtt().clientId(),
                options.mqtt().tls().cert().isPresent() ? ", client certificate" : options.mqtt().username().map(u -> ", user " + u).orElse(""),
                String.join(" and ", subscriber.filters()), MqttSubscriber.QOS,
                kafkaBootstrap, Topics.TELEMETRY, options.mqtt().forwardStatus() ? ", " + Topics.DEVICE_STATUS : "", Topics.DEADLETTER);
        subscriber.start();
        if (options.reverse().enabled()) {
            reverse = new ReverseChannel(new KafkaConsumer<>(KafkaSettings.consumer(passthrough, options.reverse().groupId())),
                    producer, subscriber, metrics, options.reverse().publishTimeout(), System::currentTimeMillis);
            reverse.start();
            LOG.infof("Kafka %s and %s -> retained MQTT %s and %s (consumer group %s)", Topics.MODELS, Topics.DEVICE_CONFIG,
                    MqttTopics.model("{assetType}"), MqttTopics.config("{site}", "{device}"), options.reverse().groupId());
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        if (forwarder == null) {
            return;
        }
        Duration drain = options.kafka().drainTimeout();
        LOG.infof("Stopping: waiting up to %d ms for %d message(s) in flight", drain.toMillis(), forwarder.inFlight());
        if (reverse != null) {
            reverse.close();
        }
        int left = forwarder.drain(drain);
        subscriber.close();
        probe.close();
        producer.close(Duration.ofSeconds(5));
        LOG.infof("Stopped: %.0f received, %.0f forwarded, %.0f dead-lettered; %d left unacknowledged for the broker to redeliver",
                metrics.count(GatewayMetrics.RECEIVED), metrics.count(GatewayMetrics.FORWARDED),
                metrics.count(GatewayMetrics.DEADLETTERED), left);
    }

    public GatewayOptions options() {
        return options;
    }

    public boolean mqttSubscribed() {
        return subscriber != null && subscriber.subscribed();
    }

    public String mqttFilter() {
        return subscriber == null ? "" : subscriber.filter();
    }

    public String kafkaBootstrap() {
        return kafkaBootstrap == null ? "" : kafkaBootstrap;
    }

    public KafkaProbe.Result kafka() {
        return probe == null ? new KafkaProbe.Result(false, "not started", System.nanoTime()) : probe.check();
    }

    /** How long MQTT has been without a subscribed connection (ns); 0 while subscribed. */
    public long mqttDownForNanos() {
        return subscriber == null ? 0 : subscriber.downForNanos();
    }

    /** How long Kafka has failed every probe (ns); 0 while it answers. */
    public long kafkaDownForNanos() {
        return probe == null ? 0 : probe.downForNanos();
    }

    public int inFlight() {
        return forwarder == null ? 0 : forwarder.inFlight();
    }
}
