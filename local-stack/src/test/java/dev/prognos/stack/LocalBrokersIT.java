package dev.prognos.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.prognos.core.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalBrokersIT {

    @Nested
    class Kafka {

        @Test
        void shouldServeEveryPlatformTopicAndStopWithoutLeavingAProcess(@TempDir Path dir) throws Exception {
            LocalKafka kafka = LocalKafka.start(dir);
            ProcessHandle child;
            try (kafka) {
                child = ProcessHandle.of(kafka.pid()).orElseThrow();
                try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
                    assertThat(admin.listTopics().names().get()).containsAll(Topics.ALL);
                    ConfigResource models = new ConfigResource(ConfigResource.Type.TOPIC, Topics.MODELS);
                    Config config = admin.describeConfigs(List.of(models)).all().get().get(models);
                    assertThat(config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo("compact");
                    assertThat(config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value()).as("a forest artifact is about 3 MB")
                            .isEqualTo(Integer.toString(TopicSetup.MODELS_MAX_MESSAGE_BYTES));
                }
                try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
                    producer.send(new ProducerRecord<>(Topics.DEADLETTER, 0, "k", "hello")).get();
                }
                try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
                    TopicPartition tp = new TopicPartition(Topics.DEADLETTER, 0);
                    consumer.assign(List.of(tp));
                    consumer.seekToBeginning(List.of(tp));
                    List<String> values = new ArrayList<>();
                    await().atMost(Duration.ofSeconds(30)).until(() -> {
                        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                            values.add(r.value());
                        }
                        return !values.isEmpty();
                    });
                    assertThat(values).containsExactly("hello");
                }
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> !child.isAlive());
        }

        @Test
        void shouldKeepItsDataAcrossARestart(@TempDir Path dir) throws Exception {
            try (LocalKafka kafka = LocalKafka.start(dir);
                 KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                         ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                         ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                         ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
                producer.send(new ProducerRecord<>(Topics.HEALTH, 1, "k", "kept")).get();
            }
            try (LocalKafka again = LocalKafka.start(dir);
                 KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                         ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, again.bootstrapServers(),
                         ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                         ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
                TopicPartition tp = new TopicPartition(Topics.HEALTH, 1);
                consumer.assign(List.of(tp));
                assertThat(consumer.endOffsets(List.of(tp)).get(tp)).isEqualTo(1L);
            }
        }
    }

    @Nested
    class Mosquitto {

        @Test
        void shouldRelayAnMqtt5MessageOnItsPort(@TempDir Path dir) throws Exception {
            try (LocalMosquitto broker = LocalMosquitto.start(dir)) {
                List<String> received = new CopyOnWriteArrayList<>();
                MqttClient subscriber = new MqttClient(broker.serverUri(), "sub", new MemoryPersistence());
                subscriber.setCallback(new MqttCallback() {
                    @Override public void disconnected(MqttDisconnectResponse r) { }
                    @Override public void mqttErrorOccurred(MqttException e) { }
                    @Override public void messageArrived(String topic, MqttMessage m) {
                        received.add(topic + " " + new String(m.getPayload(), StandardCharsets.UTF_8));
                    }
                    @Override public void deliveryComplete(IMqttToken t) { }
                    @Override public void connectComplete(boolean reconnect, String uri) { }
                    @Override public void authPacketArrived(int reason, MqttProperties p) { }
                });
                subscriber.connect();
                subscriber.subscribe("t/#", 1);
                MqttClient publisher = new MqttClient(broker.serverUri(), "pub", new MemoryPersistence());
                publisher.connect();
                publisher.publish("t/a", "hi".getBytes(StandardCharsets.UTF_8), 1, false);

                await().atMost(Duration.ofSeconds(10)).until(() -> !received.isEmpty());
                assertThat(received).containsExactly("t/a hi");
                publisher.disconnect();
                subscriber.disconnect();
            }
        }

        @Test
        void shouldFindTheInstalledBinary() {
            Optional<Path> binary = LocalMosquitto.binary();
            assertThat(binary).as("the test command installs mosquitto").isPresent();
        }
    }
}
