package dev.prognos.stack.mqtt;

import com.hivemq.embedded.EmbeddedHiveMQ;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * An MQTT 5 broker for the one-machine stack when Mosquitto is not installed: HiveMQ Community
 * Edition, embedded, with our own configuration (its bundled one phones home with usage
 * statistics): statistics off, loopback by default, in-memory persistence. Anonymous clients
 * are allowed, so it refuses to bind anything but a loopback address.
 */
@Command(name = "mqtt-broker", mixinStandardHelpOptions = true,
        description = "Runs an embedded MQTT 5 broker (HiveMQ CE) on loopback, for the demo when Mosquitto is not installed.")
public final class EmbeddedMqttBroker implements Callable<Integer> {

    /** Printed once the listener is bound; the URI follows. */
    public static final String READY_PREFIX = "MQTT READY ";

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Loopback address to bind (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "1883", description = "MQTT port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--dir", required = true, description = "Working directory for the broker's config and data.")
    Path dir;

    public static void main(String[] args) {
        System.exit(new CommandLine(new EmbeddedMqttBroker()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (!host.startsWith("127.") && !host.equals("localhost") && !host.equals("::1")) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "--host must be a loopback address: this broker allows anonymous clients, got " + host);
        }
        if (port < 1 || port > 65535) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--port must be 1..65535, got " + port);
        }
        Path conf = dir.resolve("conf");
        Path data = dir.resolve("data");
        Path extensions = dir.resolve("extensions");
        writeConfig(conf);
        Files.createDirectories(data);
        Files.createDirectories(extensions);
        EmbeddedHiveMQ broker = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(conf)
                .withDataFolder(data)
                .withExtensionsFolder(extensions)
                .build();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> broker.stop().join(), "mqtt-shutdown"));
        broker.start().join();
        System.out.println(READY_PREFIX + "mqtt://" + host + ":" + port);
        System.out.flush();
        Thread.currentThread().join();
        return 0;
    }

    private void writeConfig(Path conf) throws IOException {
        Files.createDirectories(conf);
        Files.writeString(conf.resolve("config.xml"), """
                <?xml version="1.0"?>
                <hivemq>
                  <listeners>
                    <tcp-listener>
                      <port>%d</port>
                      <bind-address>%s</bind-address>
                    </tcp-listener>
                  </listeners>
                  <anonymous-usage-statistics>
                    <enabled>false</enabled>
                  </anonymous-usage-statistics>
                  <persistence>
                    <mode>in-memory</mode>
                  </persistence>
                </hivemq>
                """.formatted(port, host));
    }
}
