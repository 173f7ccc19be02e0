package dev.prognos.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prognos.core.Topics;
import dev.prognos.core.model.FeatureSpec;
import dev.prognos.core.model.ModelArtifact;
import dev.prognos.core.model.ModelBody;
import dev.prognos.core.model.ModelJson;
import dev.prognos.core.model.ModelKeys;
import dev.prognos.core.model.ModelOutput;
import dev.prognos.core.model.ModelSigner;
import dev.prognos.core.model.ModelVerifier;
import dev.prognos.core.model.Preprocessing;
import dev.prognos.core.model.TrainingData;
import dev.prognos.core.model.Tree;
import dev.prognos.stack.LocalKafka;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./prognos deploy-model} against a real single-node Kafka (KRaft, local-stack's LocalKafka,
 * child JVM on free ports) with the platform's topics: the registry's newest signed artifact lands
 * on prognos.models, key = asset type, byte for byte; a tampered one is never published.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeployModelIT {

    @TempDir
    static Path tmp;

    private LocalKafka kafka;
    private Path keys;
    private Path registry;
    private KeyPair pair;

    @BeforeAll
    void start() throws Exception {
        kafka = LocalKafka.start(tmp.resolve("kafka"));
        keys = tmp.resolve("keys");
        Files.createDirectories(keys);
        pair = ModelKeys.generate();
        ModelKeys.writePrivate(pair.getPrivate(), keys.resolve(ModelKeys.PRIVATE_FILE));
        ModelKeys.writePublic(pair.getPublic(), keys.resolve(ModelKeys.PUBLIC_FILE));
        registry = tmp.resolve("models");
        put("turbofan", 20261123080000L);
        put("turbofan", 20261123090000L);
    }

    @AfterAll
    void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void shouldPublishTheNewestVersionKeyedByAssetTypeOnTheCompactedTopic() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = DeployCli.run(new String[] {"--registry", registry.toString(), "--kafka", kafka.bootstrapServers(),
                "--keys", keys.toString()}, new PrintStream(out, true), new PrintStream(err, true));
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("version 20261123090000").contains(Topics.MODELS);

        List<ConsumerRecord<String, byte[]>> records = readAll(1);
        ConsumerRecord<String, byte[]> r = records.get(records.size() - 1);
        assertThat(r.key()).isEqualTo("turbofan");
        byte[] expected = Files.readAllBytes(registry.resolve("turbofan/20261123090000/model.json"));
        assertThat(r.value()).isEqualTo(expected);
        // What a device does with it: verifies and accepts it as newer than the older version.
        ModelVerifier.Verdict v = ModelVerifier.trusting(pair.getPublic(), "turbofan", null)
                .verify(r.value(), 20261123080000L);
        assertThat(v.accepted()).as(v.reason()).isTrue();

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, Topics.MODELS);
            Config config = admin.describeConfigs(List.of(topic)).all().get().get(topic);
            assertThat(config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).contains(TopicConfig.CLEANUP_POLICY_COMPACT);
        }
    }

    @Test
    void shouldPublishAChosenVersion() throws Exception {
        int code = DeployCli.run(new String[] {"--registry", registry.toString(), "--version", "20261123080000",
                "--kafka", kafka.bootstrapServers(), "--keys", keys.toString()}, quiet(), quiet());
        assertThat(code).isZero();
        byte[] expected = Files.readAllBytes(registry.resolve("turbofan/20261123080000/model.json"));
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> readAll(1).stream()
                .anyMatch(r -> java.util.Arrays.equals(r.value(), expected)));
    }

    @Test
    void shouldRefuseATamperedArtifactAndPublishNothing() throws Exception {
        Path other = tmp.resolve("tampered");
        Path dir = other.resolve("turbofan/20261123100000");
        Files.createDirectories(dir);
        String json = Files.readString(registry.resolve("turbofan/20261123090000/model.json"));
        Files.writeString(dir.resolve("model.json"), json.replace("\"cv_rmse\":12.5", "\"cv_rmse\":9.5"));
        int before = readAll(0).size();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = DeployCli.run(new String[] {"--registry", other.toString(), "--kafka", kafka.bootstrapServers(),
                "--keys", keys.toString()}, quiet(), new PrintStream(err, true));
        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("refusing to publish").contains("BAD_SIGNATURE");
        assertThat(readAll(0)).hasSize(before);
    }

    @Test
    void shouldNameAMissingVersion() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = DeployCli.run(new String[] {"--registry", registry.toString(), "--version", "1",
                "--kafka", kafka.bootstrapServers(), "--keys", keys.toString()}, quiet(), new PrintStream(err, true));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("has no version 1")
                .contains("[20261123080000, 20261123090000]");
    }

    private void put(String asset, long version) throws Exception {
        FeatureSpec spec = new FeatureSpec(List.of("a"), List.of(), List.of(1), List.of("mean"), List.of());
        Tree tree = new Tree(new int[] {0, -1, -1}, new double[] {0.5, 0, 0}, new int[] {1, 0, 0},
                new int[] {2, 0, 0}, new double[] {0, 10, 20});
        ModelArtifact a = ModelArtifact.unsigned("test-rul", version, asset, "2026-11-23T08:00:00Z",
                new TrainingData("hand-built", "00", 0), spec,
                new Preprocessing(new double[0], new double[][] {{}}, new double[][] {{0}}, new double[][] {{1}}),
                List.of(new ModelOutput("rul", "cycles", ModelOutput.IDENTITY, ModelBody.forest(List.of(tree)))),
                Map.of("cv_rmse", 12.5));
        ModelArtifact signed = ModelSigner.sign(a, pair.getPrivate(), ModelKeys.keyId(pair.getPublic()));
        Path dir = registry.resolve(asset).resolve(Long.toString(version));
        Files.createDirectories(dir);
        Files.write(dir.resolve(ModelRegistry.MODEL_FILE), ModelJson.write(signed));
    }

    /** Every record on prognos.models, once at least {@code atLeast} are there (polled with a deadline). */
    private List<ConsumerRecord<String, byte[]>> readAll(int atLeast) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, byte[]>> all = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(Topics.MODELS, Duration.ofSeconds(60)).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts, Duration.ofSeconds(60));
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
                c.poll(Duration.ofMillis(200)).forEach(all::add);
                boolean caughtUp = parts.stream().allMatch(tp -> c.position(tp) >= end.get(tp));
                return caughtUp && all.size() >= atLeast;
            });
        }
        return all;
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true);
    }
}
