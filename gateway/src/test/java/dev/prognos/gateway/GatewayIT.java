package dev.prognos.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import dev.prognos.core.DeadLetterHeaders;
import dev.prognos.core.MqttTopics;
import dev.prognos.core.Topics;
import dev.prognos.core.ledger.SequenceLedger;
import dev.prognos.core.telemetry.Telemetry;
import dev.prognos.core.telemetry.TelemetryAvro;
import dev.prognos.core.telemetry.TelemetryJson;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The gateway as it runs, between a real Mosquitto and a real Kafka: readings published with
 * Paho must come out of Kafka, refused ones must come out of the dead-letter topic untouched.
 * Each test uses devices of its own, so tests do not see each other's records.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalBrokers.class, restrictToAnnotatedClass = true)
class GatewayIT {

    static final Duration DEADLINE = Duration.ofSeconds(60);
    static final String SITE = "plant-a";

    @ConfigProperty(name = GatewayOptions.BROKER)
    String broker;

    @ConfigProperty(name = GatewayOptions.KAFKA_BOOTSTRAP)
    String kafka;

    MqttClient device;

    @BeforeEach
    void connectDevice() throws MqttException {
        device = new MqttClient(broker, "it-device-" + UUID.randomUUID(), new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        device.connect(o);
        // The gateway subscribes asynchronously after start: publishing earlier would be lost.
        await().atMost(DEADLINE).untilAsserted(() ->
                given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP")));
    }

    @AfterEach
    void disconnectDevice() throws MqttException {
        device.disconnect();
        device.close();
    }

    static String device(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static Telemetry reading(String device, long seq) {
        return Telemetry.of(device, SITE, "centrifugal-pump", seq, 1795414322789L + seq * 1000,
                Map.of("vib_rms_mm_s", 2.31, "bearing_temp_c", 61.2));
    }

    void publish(String topic, byte[] payload) throws MqttException {
        MqttMessage m = new MqttMessage(payload);
        m.setQos(1);
        device.publish(topic, m);
    }

    void publish(Telemetry t) throws MqttException {
        publish(MqttTopics.telemetry(t.site(), t.device()), TelemetryJson.encode(t));
    }

    KafkaConsumer<byte[], byte[]> consumer(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "gateway-it-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        c.subscribe(List.of(topic));
        return c;
    }

    /** Polls until {@code done} holds for the records of {@code key} seen so far. */
    static List<ConsumerRecord<byte[], byte[]>> pollFor(KafkaConsumer<byte[], byte[]> consumer, String key,
                                                        Predicate<List<ConsumerRecord<byte[], byte[]>>> done) {
        List<ConsumerRecord<byte[], byte[]>> seen = new ArrayList<>();
        await().atMost(DEADLINE).pollInterval(Duration.ZERO).until(() -> {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                if (r.key() != null && key.equals(new String(r.key(), StandardCharsets.UTF_8))) {
                    seen.add(r);
                }
            }
            return done.test(seen);
        });
        return seen;
    }

    static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        assertThat(h).as("header %s", name).isNotNull();
        return new String(h.value(), StandardCharsets.UTF_8);
    }

    @Test
    void shouldHavePahoDecodeWithTheGatewaysBulkReadingStreamInTestModeToo() {
        // Quarkus' test class loading differs from the packaged app's (application.properties).
        assertThat(dev.prognos.gateway.internal.PahoShadows.bulkReads()).isTrue();
    }

    @Test
    void shouldHavePahoMakeItsLoggersWithTheGatewaysCachingFactoryInTestModeToo() {
        assertThat(dev.prognos.gateway.internal.PahoShadows.cachedLookups()).isTrue();
    }

    @Test
    void shouldForwardAReadingAsAvroKeyedByDeviceWhenItIsValid() throws MqttException {
        Telemetry sent = reading(device("pump"), 18234);

        try (KafkaConsumer<byte[], byte[]> telemetry = consumer(Topics.TELEMETRY)) {
            publish(sent);
            List<ConsumerRecord<byte[], byte[]>> got = pollFor(telemetry, sent.device(), seen -> !seen.isEmpty());

            assertThat(got).hasSize(1);
            Telemetry received = TelemetryAvro.decode(got.get(0).value());
            assertThat(received.seq()).isEqualTo(18234);
            assertThat(received).isEqualTo(sent);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            bad JSON        | pump | {"v":1,"device":"pump","seq":        | not valid JSON
            device mismatch | pump | `{"v":1,"device":"pump-other","site":"plant-a","asset":"centrifugal-pump","seq":1,"ts":1795414322789,"readings":{"vib_rms_mm_s":2.31}}` | field 'device': "pump-other" differs from the topic's device
            negative seq    | pump | `{"v":1,"device":"DEVICE","site":"plant-a","asset":"centrifugal-pump","seq":-1,"ts":1795414322789,"readings":{"vib_rms_mm_s":2.31}}` | field 'seq': must be an integer >= 0, got -1
            """)
    void shouldDeadLetterTheRawBytesWithTheReasonAndKeepForwardingWhenAReadingIsRefused(
            String name, String prefix, String template, String reason) throws MqttException {
        String id = device(prefix);
        String topic = MqttTopics.telemetry(SITE, id);
        byte[] bad = template.replace("DEVICE", id).getBytes(StandardCharsets.UTF_8);
        Telemetry after = reading(id, 2);

        try (KafkaConsumer<byte[], byte[]> deadLetters = consumer(Topics.DEADLETTER);
             KafkaConsumer<byte[], byte[]> telemetry = consumer(Topics.TELEMETRY)) {
            publish(topic, bad);
            publish(after);

            ConsumerRecord<byte[], byte[]> refused = pollFor(deadLetters, topic, seen -> !seen.isEmpty()).get(0);
            assertThat(refused.value()).as("raw payload, byte for byte").isEqualTo(bad);
            assertThat(header(refused, DeadLetterHeaders.REASON)).contains(reason);
            assertThat(header(refused, DeadLetterHeaders.SOURCE)).isEqualTo("mqtt:" + topic);
            assertThat(Long.parseLong(header(refused, DeadLetterHeaders.REFUSED_AT_MS)))
                    .isBetween(System.currentTimeMillis() - DEADLINE.toMillis(), System.currentTimeMillis());

            List<ConsumerRecord<byte[], byte[]>> forwarded = pollFor(telemetry, id, seen -> !seen.isEmpty());
            assertThat(forwarded).extracting(r -> TelemetryAvro.decode(r.value()).seq()).containsExactly(2L);
        }
    }

    @Test
    void shouldDeliverEveryReadingOnceWhenOneDevicePublishesABurst() throws MqttException {
        int n = 500;
        String id = device("burst");
        SequenceLedger ledger = new SequenceLedger();
        ledger.expect(id, 1, n);

        try (KafkaConsumer<byte[], byte[]> telemetry = consumer(Topics.TELEMETRY)) {
            for (long seq = 1; seq <= n; seq++) {
                publish(reading(id, seq));
            }
            List<ConsumerRecord<byte[], byte[]>> got = pollFor(telemetry, id, seen -> seen.size() >= n);
            // Duplicates would arrive just after the last new record: read a little longer.
            got.addAll(pollFor(telemetry, id, seen -> true));
            for (ConsumerRecord<byte[], byte[]> r : got) {
                ledger.record(id, TelemetryAvro.decode(r.value()).seq());
            }
        }

        SequenceLedger.Report report = ledger.report();
        assertThat(report.complete()).as("ledger: %s", report).isTrue();
        assertThat(report.duplicates()).as("ledger: %s", report).isZero();
        assertThat(report.distinct()).as("ledger: %s", report).isEqualTo(n);
    }

    @Test
    void shouldReportReadyAndCountWhatItForwardedAndRefused() throws MqttException {
        String id = device("metrics");
        try (KafkaConsumer<byte[], byte[]> telemetry = consumer(Topics.TELEMETRY)) {
            publish(reading(id, 1));
            pollFor(telemetry, id, seen -> !seen.isEmpty());
        }

        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.name", hasItems("mqtt", "kafka"))
                .body("checks.find { it.name == 'mqtt' }.data.subscription", equalTo(MqttTopics.ALL_TELEMETRY));
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("prognos_gateway_received_total"))
                .body(containsString("prognos_gateway_forwarded_total"))
                .body(containsString("prognos_gateway_deadlettered_total"));
        String metrics = given().get("/q/metrics").asString();
        assertThat(counter(metrics, "prognos_gateway_forwarded_total")).isGreaterThanOrEqualTo(1);
        assertThat(counter(metrics, "prognos_gateway_received_total")).isGreaterThanOrEqualTo(1);
        // Acknowledged over MQTT right after Kafka's acknowledgement, so nothing stays in flight.
        await().atMost(DEADLINE).untilAsserted(() ->
                assertThat(counter(given().get("/q/metrics").asString(), "prognos_gateway_in_flight")).isZero());
    }

    @Test
    void shouldForwardBirthAndLastWillToDeviceStatusKeyedByDeviceWhenADeviceConnectsAndDies() throws MqttException {
        String id = device("status");
        String topic = MqttTopics.status(SITE, id);
        byte[] birth = ("{\"state\":\"online\",\"agent\":\"0.1.0\",\"outbox\":0,\"device\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8);
        byte[] will = ("{\"state\":\"offline\",\"device\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8);

        try (KafkaConsumer<byte[], byte[]> status = consumer(Topics.DEVICE_STATUS)) {
            MqttAsyncClient dying = new MqttAsyncClient(broker, "it-dying-" + id, new MemoryPersistence());
            MqttConnectionOptions o = new MqttConnectionOptions();
            MqttMessage lastWill = new MqttMessage(will);
            lastWill.setQos(1);
            lastWill.setRetained(true);
            o.setWill(topic, lastWill);
            dying.connect(o).waitForCompletion(10_000);
            MqttMessage b = new MqttMessage(birth);
            b.setQos(1);
            b.setRetained(true);
            dying.publish(topic, b).waitForCompletion(10_000);
            // MQTT 5 reason code 0x04, "disconnect with Will Message": the broker publishes the
            // will as for a device that vanished (Paho's disconnectForcibly races into an NPE).
            dying.disconnect(1000, null, null, 0x04, new org.eclipse.paho.mqttv5.common.packet.MqttProperties()).waitForCompletion(10_000);
            dying.close(true);

            List<ConsumerRecord<byte[], byte[]>> got = pollFor(status, id, seen -> seen.size() >= 2);
            assertThat(got).extracting(ConsumerRecord::value).containsExactly(birth, will);
            assertThat(header(got.get(0), "prognos.site")).isEqualTo(SITE);
            assertThat(header(got.get(1), DeadLetterHeaders.SOURCE)).isEqualTo("mqtt:" + topic);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            model  | prognos.models        | centrifugal-pump-KEY       | prognos/v1/models/centrifugal-pump-KEY
            config | prognos.device-config | plant-a/pump-KEY           | prognos/v1/plant-a/pump-KEY/config
            """)
    void shouldPublishARecordRetainedOverMqttAndClearItWhenATombstoneFollows(
            String kind, String kafkaTopic, String keyTemplate, String mqttTemplate) throws Exception {
        String unique = UUID.randomUUID().toString().substring(0, 8);
        String key = keyTemplate.replace("KEY", unique);
        String mqttTopic = mqttTemplate.replace("KEY", unique);
        byte[] document = ("{\"kind\":\"" + kind + "\",\"version\":3,\"id\":\"" + unique + "\"}").getBytes(StandardCharsets.UTF_8);

        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            producer.send(new ProducerRecord<>(kafkaTopic, key.getBytes(StandardCharsets.UTF_8), document)).get();

            // A device that connects later gets it: the message is retained.
            List<MqttMessage> first = new java.util.concurrent.CopyOnWriteArrayList<>();
            MqttClient late = subscriber(mqttTopic, first);
            await().atMost(DEADLINE).untilAsserted(() -> assertThat(first).isNotEmpty());
            assertThat(first.get(0).getPayload()).isEqualTo(document);
            assertThat(first.get(0).isRetained()).isTrue();
            assertThat(first.get(0).getQos()).isEqualTo(1);

            producer.send(new ProducerRecord<>(kafkaTopic, key.getBytes(StandardCharsets.UTF_8), null)).get();
            await().atMost(DEADLINE).untilAsserted(() -> assertThat(first).hasSize(2));
            assertThat(first.get(1).getPayload()).as("a tombstone clears the retained message").isEmpty();
            late.disconnect();
            late.close();
        }
    }

    @Test
    void shouldDeadLetterAModelRecordWhenItsKeyIsNoAssetType() throws Exception {
        String key = "not/an-asset-" + UUID.randomUUID().toString().substring(0, 8);
        byte[] document = "{\"model\":1}".getBytes(StandardCharsets.UTF_8);

        try (KafkaProducer<byte[], byte[]> producer = producer();
             KafkaConsumer<byte[], byte[]> deadLetters = consumer(Topics.DEADLETTER)) {
            producer.send(new ProducerRecord<>(Topics.MODELS, key.getBytes(StandardCharsets.UTF_8), document)).get();

            ConsumerRecord<byte[], byte[]> refused = pollFor(deadLetters, key, seen -> !seen.isEmpty()).get(0);
            assertThat(refused.value()).isEqualTo(document);
            assertThat(header(refused, DeadLetterHeaders.REASON)).contains("key must be an asset type").contains(key);
            assertThat(header(refused, DeadLetterHeaders.SOURCE)).startsWith("kafka:" + Topics.MODELS + "/");
        }
    }

    KafkaProducer<byte[], byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    MqttClient subscriber(String topic, List<MqttMessage> into) throws MqttException {
        MqttClient c = new MqttClient(broker, "it-sub-" + UUID.randomUUID(), new MemoryPersistence());
        c.setCallback(new org.eclipse.paho.mqttv5.client.MqttCallback() {
            @Override
            public void disconnected(org.eclipse.paho.mqttv5.client.MqttDisconnectResponse r) {
            }

            @Override
            public void mqttErrorOccurred(MqttException e) {
            }

            @Override
            public void messageArrived(String t, MqttMessage m) {
                into.add(m);
            }

            @Override
            public void deliveryComplete(org.eclipse.paho.mqttv5.client.IMqttToken token) {
            }

            @Override
            public void connectComplete(boolean reconnect, String uri) {
            }

            @Override
            public void authPacketArrived(int code, org.eclipse.paho.mqttv5.common.packet.MqttProperties p) {
            }
        });
        c.connect();
        // Not the listener overloads: they overflow the stack in Paho 1.2.5 (STACK.md).
        c.subscribe(topic, 1);
        return c;
    }

    static double counter(String exposition, String name) {
        return exposition.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst().orElseThrow(() -> new AssertionError(name + " not in /q/metrics"));
    }
}
