package dev.prognos.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The real Mosquitto broker from Debian in a child process on a free loopback port. Anonymous
 * access is allowed because it listens on 127.0.0.1 only: this is for tests; the secured broker
 * configuration lives in deploy/mosquitto/.
 */
public final class LocalMosquitto implements AutoCloseable {

    private static final List<String> CANDIDATES = List.of("/usr/sbin/mosquitto", "/usr/bin/mosquitto", "/usr/local/sbin/mosquitto");
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);

    private final ChildProcess process;
    private final int port;

    private LocalMosquitto(ChildProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /** The mosquitto binary, or empty when it is not installed. */
    public static java.util.Optional<Path> binary() {
        return CANDIDATES.stream().map(Path::of).filter(Files::isExecutable).findFirst();
    }

    public static LocalMosquitto start(Path dataDir) {
        Path binary = binary().orElseThrow(() -> new IllegalStateException(
                "mosquitto is not installed (looked in " + CANDIDATES + "): on Debian/Ubuntu run "
                        + "'sudo apt-get install mosquitto', or './prognos test', which installs what the tests need"));
        int port = FreePorts.find();
        Path config = dataDir.resolve("mosquitto.conf");
        try {
            Files.createDirectories(dataDir);
            Files.writeString(config, String.join("\n",
                    "# Written by LocalMosquitto: loopback only, for tests and the demo.",
                    "listener " + port + " 127.0.0.1",
                    "allow_anonymous true",
                    "persistence false",
                    // The gateway and the fleet publish far more than the default 100 in flight.
                    "max_inflight_messages 1000",
                    "max_queued_messages 100000",
                    "log_dest stdout",
                    "log_type error",
                    "log_type warning",
                    "log_type notice",
                    ""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChildProcess child = ChildProcess.builder("mosquitto", dataDir.resolve("mosquitto.log"),
                List.of(binary.toString(), "-c", config.toString())).start();
        // Mosquitto prints nothing reliable when ready; a TCP connect is the readiness check.
        child.awaitPort(port, READY_TIMEOUT);
        return new LocalMosquitto(child, port);
    }

    public String serverUri() {
        return "tcp://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        process.close();
    }
}
