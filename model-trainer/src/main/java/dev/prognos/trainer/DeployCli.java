package dev.prognos.trainer;

import dev.prognos.core.Topics;
import dev.prognos.core.model.ModelKeys;
import dev.prognos.core.model.ModelVerifier;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./prognos deploy-model}: publishes a signed artifact from the model registry to Kafka
 * {@link Topics#MODELS} (compacted, key = asset type), from where the gateway relays it to the
 * retained MQTT topic {@code prognos/v1/models/{assetType}}. The artifact is checked with core's
 * {@link ModelVerifier} against the public key first, so a tampered or unsigned file is never
 * published; its bytes go out exactly as they are in the registry.
 */
@Command(name = "deploy-model", sortOptions = false,
        description = "Publish a signed model artifact from the registry to Kafka " + Topics.MODELS
                + " (key = asset type).")
public final class DeployCli implements Callable<Integer> {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--registry", required = true, paramLabel = "DIR",
            description = "model registry written by ./prognos train (DIR/<asset>/<version>/model.json)")
    Path registry;

    @Option(names = "--asset", paramLabel = "TYPE",
            description = "asset type to deploy (default: the only one in the registry)")
    String asset;

    @Option(names = "--version", paramLabel = "V", description = "version to deploy (default: the newest)")
    Long version;

    @Option(names = "--kafka", required = true, paramLabel = "HOST:PORT", description = "Kafka bootstrap servers")
    String kafka;

    @Option(names = "--keys", paramLabel = "DIR",
            description = "directory with the trusted public key " + ModelKeys.PUBLIC_FILE + " (default ~/.prognos/keys)")
    Path keys = Path.of(System.getProperty("user.home"), ".prognos", "keys");

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "how long to wait for Kafka (default 60)")
    int timeoutSeconds = 60;

    private PrintStream out;
    private PrintStream err;

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        DeployCli cli = new DeployCli();
        cli.out = out;
        cli.err = err;
        return new CommandLine(cli).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
    }

    @Override
    public Integer call() {
        Path file;
        try {
            file = artifactFile();
        } catch (IllegalArgumentException | IOException e) {
            err.println("deploy-model: " + e.getMessage());
            return 2;
        }
        byte[] json;
        ModelVerifier.Verdict verdict;
        try {
            json = Files.readAllBytes(file);
            PublicKey key = ModelKeys.readPublic(keys.resolve(ModelKeys.PUBLIC_FILE));
            String assetType = file.getParent().getParent().getFileName().toString();
            verdict = ModelVerifier.trusting(key, assetType, null).verify(json, Long.MIN_VALUE);
        } catch (IOException e) {
            err.println("deploy-model: cannot read " + e.getMessage() + " (the public key: ./prognos keys init)");
            return 2;
        }
        if (!verdict.accepted()) {
            err.println("deploy-model: refusing to publish " + file + ": " + verdict.refusal() + ": " + verdict.reason());
            return 1;
        }
        String assetType = verdict.artifact().assetType();
        try (Admin admin = Admin.create(adminConfig())) {
            if (!admin.listTopics().names().get(timeoutSeconds, TimeUnit.SECONDS).contains(Topics.MODELS)) {
                err.println("deploy-model: topic " + Topics.MODELS + " does not exist on " + kafka
                        + " (create the platform's topics with ./prognos topics --kafka " + kafka + ")");
                return 1;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (ExecutionException | TimeoutException e) {
            err.println("deploy-model: Kafka at " + kafka + " did not answer within " + timeoutSeconds + " s: " + e);
            return 1;
        }
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig(), new StringSerializer(),
                new ByteArraySerializer())) {
            RecordMetadata m = producer.send(new ProducerRecord<>(Topics.MODELS, assetType, json))
                    .get(timeoutSeconds, TimeUnit.SECONDS);
            out.println("Published " + verdict.artifact().name() + " version " + verdict.artifact().version()
                    + " for asset type " + assetType + " (" + json.length + " bytes, signed by "
                    + verdict.artifact().signature().keyId() + ") to " + Topics.MODELS + " partition "
                    + m.partition() + " offset " + m.offset());
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RecordTooLargeException) {
                err.println("deploy-model: the artifact (" + json.length + " bytes, zstd-compressed in the batch) is larger "
                        + "than " + Topics.MODELS + " accepts; raise the topic's " + TopicConfig.MAX_MESSAGE_BYTES_CONFIG
                        + " (e.g. 16777216) or train a smaller model (fewer or shallower trees): " + e.getCause().getMessage());
            } else {
                err.println("deploy-model: publishing to " + Topics.MODELS + " at " + kafka + " failed: " + e.getCause());
            }
            return 1;
        } catch (TimeoutException e) {
            err.println("deploy-model: Kafka at " + kafka + " did not acknowledge within " + timeoutSeconds + " s");
            return 1;
        }
    }

    /** registry/asset/version/model.json, with the asset and version defaulted as documented. */
    Path artifactFile() throws IOException {
        if (!Files.isDirectory(registry)) {
            throw new IllegalArgumentException("--registry: " + registry + " is not a directory");
        }
        String a = asset;
        if (a == null) {
            List<String> assets = children(registry).stream().filter(p -> Files.isDirectory(p))
                    .map(p -> p.getFileName().toString()).sorted().toList();
            if (assets.size() != 1) {
                throw new IllegalArgumentException("--asset: the registry " + registry + " holds "
                        + (assets.isEmpty() ? "no asset type" : "asset types " + assets) + "; name one with --asset");
            }
            a = assets.get(0);
        }
        Path assetDir = registry.resolve(a);
        List<Long> versions = Files.isDirectory(assetDir) ? children(assetDir).stream()
                .filter(p -> Files.isRegularFile(p.resolve(ModelRegistry.MODEL_FILE)))
                .map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d+")).map(Long::parseLong).sorted()
                .toList() : List.of();
        if (versions.isEmpty()) {
            throw new IllegalArgumentException("the registry " + registry + " has no model for asset type '" + a
                    + "' (" + assetDir + "/<version>/" + ModelRegistry.MODEL_FILE + ")");
        }
        long v = version == null ? versions.get(versions.size() - 1) : version;
        if (!versions.contains(v)) {
            throw new IllegalArgumentException("--version: asset type '" + a + "' has no version " + v
                    + " in the registry; it has " + versions);
        }
        return assetDir.resolve(Long.toString(v)).resolve(ModelRegistry.MODEL_FILE);
    }

    private static List<Path> children(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    private Properties adminConfig() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutSeconds * 1000);
        return p;
    }

    private Properties producerConfig() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        // The newest record per asset type is the model to run: it must not be lost or duplicated.
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeoutSeconds * 1000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(30_000, timeoutSeconds * 1000));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutSeconds * 1000L);
        // Artifacts of large forests exceed the default 1 MB request size.
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 * 1024 * 1024);
        // zstd: a 3.1 MB forest artifact compresses to 0.89 MB (gzip: 1.10 MB, over the broker's 1 MB default).
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
        return p;
    }
}
