package dev.prognos.stack;

import dev.prognos.core.Topics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A single-node Kafka (broker and controller in one process, KRaft mode) started from the
 * project's own dependencies: no Docker, no downloaded tarball. Formats its storage on first
 * start, keeps it across restarts, creates the platform's topics, then prints
 * {@value #READY_PREFIX}{@code HOST:PORT} on standard output.
 */
@Command(name = "kafka", mixinStandardHelpOptions = true,
        description = "Runs a single-node Kafka in KRaft mode (broker and controller in one process).")
public final class KafkaNode implements Callable<Integer> {

    /** The line a launcher waits for; the bootstrap address follows it. */
    public static final String READY_PREFIX = "KAFKA READY ";

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "9092", description = "Client port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--controller-port", defaultValue = "9093", description = "KRaft controller port (default: ${DEFAULT-VALUE}).")
    int controllerPort;

    @Option(names = "--dir", required = true, description = "Data directory (log segments and metadata); kept across restarts.")
    Path dir;

    @Option(names = "--partitions", defaultValue = "3", description = "Partitions of each platform topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Override
    public Integer call() throws Exception {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("--port must be 1..65535, got " + port);
        }
        if (controllerPort < 1 || controllerPort > 65535 || controllerPort == port) {
            throw new IllegalArgumentException("--controller-port must be 1..65535 and differ from --port, got " + controllerPort);
        }
        Path logDir = dir.resolve("data");
        Files.createDirectories(logDir);
        Properties props = serverProperties(logDir);
        Path propsFile = dir.resolve("server.properties");
        try (Writer w = Files.newBufferedWriter(propsFile)) {
            props.store(w, "Written by prognos KafkaNode; edit the options, not this file");
        }
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            format(propsFile);
        }

        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdown();
            server.awaitShutdown();
        }, "kafka-shutdown"));
        server.startup();

        String bootstrap = host + ":" + port;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            List<String> created = TopicSetup.createAll(admin, partitions, (short) 1);
            if (!created.isEmpty()) {
                System.out.println("created topics " + created);
            }
            awaitTopicsListed(admin);
        }
        System.out.println(READY_PREFIX + bootstrap);
        System.out.flush();
        server.awaitShutdown();
        return 0;
    }

    /**
     * A created topic is committed on the controller before the broker's metadata cache has it;
     * ready must mean usable, so wait until the broker lists every topic (about 100 ms here).
     */
    private static void awaitTopicsListed(Admin admin) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!admin.listTopics().names().get().containsAll(Topics.ALL)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the broker does not list " + Topics.ALL + " 60 s after creating them");
            }
            LockSupport.parkNanos(50_000_000L); // 50 ms between metadata requests
        }
    }

    private Properties serverProperties(Path logDir) {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.bootstrap.servers", host + ":" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://" + host + ":" + port + ",CONTROLLER://" + host + ":" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://" + host + ":" + port);
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("log.dirs", logDir.toAbsolutePath().toString());
        // One node: every internal topic with one replica, or they never become available.
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("num.partitions", String.valueOf(partitions));
        // Consumers in tests and the demo should not wait 3 s for a rebalance that has one member.
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("auto.create.topics.enable", "false");
        return p;
    }

    private void format(Path propsFile) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int rc = StorageTool.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c",
                propsFile.toString(), "--standalone"}, new PrintStream(buffer, true, StandardCharsets.UTF_8));
        if (rc != 0) {
            throw new IllegalStateException("formatting Kafka storage in " + dir + " failed: " + buffer.toString(StandardCharsets.UTF_8));
        }
    }
}
