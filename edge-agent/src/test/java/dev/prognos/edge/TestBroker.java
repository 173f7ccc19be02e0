package dev.prognos.edge;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;

/**
 * Debian's Mosquitto on a fixed loopback port with persistence, so a test can stop it and start it
 * again where clients expect it and with their sessions (local-stack's LocalMosquitto takes a new
 * port and no persistence at each start).
 */
final class TestBroker implements AutoCloseable {

    private static final List<String> CANDIDATES = List.of("/usr/sbin/mosquitto", "/usr/bin/mosquitto");

    private final Path dir;
    private final int port;
    private Process process;

    private final int tlsPort;

    TestBroker(Path dir) throws IOException {
        this(dir, null);
    }

    /**
     * With {@code tls} (CA, server certificate, server key PEM files) a second listener on
     * {@link #tlsUri()} that requires a client certificate signed by the CA and takes the
     * certificate's CN as the username; the plain listener stays for the test's own subscriber.
     */
    TestBroker(Path dir, Path[] tls) throws IOException {
        this.dir = dir;
        this.port = freePort();
        this.tlsPort = tls == null ? -1 : freePort();
        Files.createDirectories(dir);
        String tlsLines = tls == null ? "" : String.join("\n",
                "listener " + tlsPort + " 127.0.0.1",
                "cafile " + tls[0], "certfile " + tls[1], "keyfile " + tls[2],
                "require_certificate true", "use_identity_as_username true", "");
        Files.writeString(dir.resolve("mosquitto.conf"), tlsLines + String.join("\n",
                "listener " + port + " 127.0.0.1",
                "allow_anonymous true",
                // Started as root, Mosquitto switches to user mosquitto, who cannot write the test's
                // directory: the persistence file would silently not be saved. Stay this user.
                "user " + System.getProperty("user.name"),
                "persistence true",
                "persistence_location " + dir + "/",
                "max_queued_messages 100000",
                "log_dest stdout",
                ""));
    }

    TestBroker start() throws IOException {
        String binary = CANDIDATES.stream().filter(p -> Files.isExecutable(Path.of(p))).findFirst()
                .orElseThrow(() -> new IllegalStateException("mosquitto is not installed: sudo apt-get install mosquitto"));
        process = new ProcessBuilder(binary, "-c", dir.resolve("mosquitto.conf").toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mosquitto.log").toFile()))
                .start();
        Awaitility.await("mosquitto listening on " + port).atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(20)).until(this::listening);
        return this;
    }

    /** SIGTERM: Mosquitto writes its persistence file (sessions, queued messages) and exits. */
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            process.waitFor();
        }
        process = null;
    }

    String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    /** The TLS listener, by the name in the server certificate. */
    String tlsUri() {
        return "ssl://localhost:" + tlsPort;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private boolean listening() {
        if (process != null && !process.isAlive()) {
            throw new IllegalStateException("mosquitto exited with " + process.exitValue() + ", see " + dir.resolve("mosquitto.log"));
        }
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
