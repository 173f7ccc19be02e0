package dev.prognos.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real single-node Kafka (KRaft) in a child JVM on free loopback ports, with every platform
 * topic created. For integration tests: a test depends on local-stack with its transitive
 * dependencies excluded, and the broker runs on the classpath this module recorded at build
 * time, so the broker's Scala, Jackson and log4j never meet the test's own.
 */
public final class LocalKafka implements AutoCloseable {

    /** Start-up takes about 2 s here; a cold JVM on a loaded 2-core CI machine takes longer. */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final ChildProcess process;
    private final String bootstrapServers;

    private LocalKafka(ChildProcess process, String bootstrapServers) {
        this.process = process;
        this.bootstrapServers = bootstrapServers;
    }

    public static LocalKafka start(Path dataDir) {
        int port = FreePorts.find();
        int controllerPort = FreePorts.find();
        List<String> command = new ArrayList<>(List.of(ChildProcess.java(), "-Xmx512m", "-XX:+UseSerialGC",
                "-cp", classpath(), StackCli.class.getName(), "kafka",
                "--port", String.valueOf(port), "--controller-port", String.valueOf(controllerPort),
                "--dir", dataDir.toAbsolutePath().toString()));
        ChildProcess child = ChildProcess.builder("kafka", dataDir.resolve("kafka.log"), command)
                .readyLine(line -> line.startsWith(KafkaNode.READY_PREFIX)).start();
        String line = child.awaitLine(READY_TIMEOUT);
        return new LocalKafka(child, line.substring(KafkaNode.READY_PREFIX.length()).trim());
    }

    /** {@code 127.0.0.1:PORT}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.close();
    }

    /** This module's classes plus the runtime classpath recorded by the build. */
    private static String classpath() {
        String own;
        try {
            own = Path.of(LocalKafka.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = LocalKafka.class.getResourceAsStream("runtime.classpath")) {
            if (in == null) {
                throw new IllegalStateException("runtime.classpath missing next to " + LocalKafka.class.getName()
                        + ": build local-stack with Maven (it is written at generate-resources)");
            }
            String recorded = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            return own + java.io.File.pathSeparator + recorded;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
