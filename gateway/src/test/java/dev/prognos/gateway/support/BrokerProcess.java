package dev.prognos.gateway.support;

import dev.prognos.stack.FreePorts;
import dev.prognos.stack.LocalMosquitto;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Mosquitto as the gateway meets it in production: persistence on, a deep queue for sessions
 * whose client is away, and 1000 messages in flight per client (deploy/mosquitto/mosquitto.conf
 * without TLS and accounts). Loopback only, anonymous, in a child process.
 */
public final class BrokerProcess implements AutoCloseable {

    private final Process process;
    private final int port;

    private BrokerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static BrokerProcess mosquitto(Path dir) {
        return mosquitto(dir, 1000);
    }

    /** @param maxInflight max_inflight_messages: QoS 1 messages in flight to one client */
    public static BrokerProcess mosquitto(Path dir, int maxInflight) {
        Path binary = LocalMosquitto.binary().orElseThrow(() -> new IllegalStateException(
                "mosquitto is not installed: on Debian/Ubuntu run 'sudo apt-get install mosquitto'"));
        int port = FreePorts.find();
        try {
            Files.createDirectories(dir.resolve("data"));
            Path config = Files.writeString(dir.resolve("mosquitto.conf"), String.join("\n",
                    "# Written by the gateway's tests: the production settings that matter to it, loopback only.",
                    "listener " + port + " 127.0.0.1",
                    "allow_anonymous true",
                    "persistence true",
                    "persistence_location " + dir.resolve("data").toAbsolutePath() + "/",
                    "autosave_interval 60",
                    "max_inflight_messages " + maxInflight,
                    "max_queued_messages 1000000",
                    "log_dest stdout",
                    "log_type error",
                    "log_type warning",
                    "log_type notice",
                    ""));
            Process p = new ProcessBuilder(List.of(binary.toString(), "-c", config.toString()))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
            Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
            awaitListening(p, port);
            return new BrokerProcess(p, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void awaitListening(Process p, int port) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline && p.isAlive()) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
        }
        p.destroyForcibly();
        throw new IllegalStateException("mosquitto did not listen on 127.0.0.1:" + port);
    }

    public String serverUri() {
        return "tcp://127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
