package dev.prognos.console.support;

import dev.prognos.stack.LocalKafka;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * For every {@code @QuarkusTest} of this module: a real single-node Kafka (KRaft) in its own process
 * on free loopback ports, with the platform's topics, and a webhook receiver configured as the
 * console's notification channel {@code hook}.
 */
public class KafkaAndWebhook implements QuarkusTestResourceLifecycleManager {

    /** Shared with the tests: the same JVM runs the resource and the tests. */
    public static volatile String bootstrap;
    public static volatile WebhookReceiver webhook;

    private LocalKafka kafka;

    @Override
    public Map<String, String> start() {
        Path dir;
        try {
            dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "test-kafka")).toAbsolutePath(), "run-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        kafka = LocalKafka.start(dir);
        bootstrap = kafka.bootstrapServers();
        webhook = new WebhookReceiver();
        return Map.of(
                "prognos.console.kafka.bootstrap", bootstrap,
                "prognos.console.notify.channel.hook.type", "webhook",
                "prognos.console.notify.channel.hook.url", webhook.url(),
                "prognos.console.notify.channel.hook.min-severity", "WARNING",
                "prognos.console.notify.poll-ms", "50");
    }

    @Override
    public void stop() {
        if (webhook != null) {
            webhook.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }
}
