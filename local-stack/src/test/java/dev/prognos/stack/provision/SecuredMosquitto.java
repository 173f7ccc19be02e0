package dev.prognos.stack.provision;

import static org.awaitility.Awaitility.await;

import dev.prognos.stack.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real Mosquitto with deploy/mosquitto/mosquitto.conf, rendered into a temporary directory:
 * only paths and ports change (and 'user', so that as root it does not drop to the 'mosquitto'
 * user, which could not read the test's files). Every rewrite must hit, so a change to the
 * deployed file's shape fails here instead of silently testing something else.
 */
final class SecuredMosquitto implements AutoCloseable {

    static final Path DEPLOY_CONF = Path.of(System.getProperty("user.dir")).resolve("../deploy/mosquitto/mosquitto.conf").normalize();

    final int tlsPort;
    final int mtlsPort;
    private final Path log;
    private Process process;

    private SecuredMosquitto(int tlsPort, int mtlsPort, Path log) {
        this.tlsPort = tlsPort;
        this.mtlsPort = mtlsPort;
        this.log = log;
    }

    static SecuredMosquitto start(Path brokerFiles, Path workDir) throws IOException {
        SecuredMosquitto m = new SecuredMosquitto(FreePorts.find(), FreePorts.find(), workDir.resolve("mosquitto.log"));
        Path data = Files.createDirectories(workDir.resolve("data"));
        String conf = Files.readString(DEPLOY_CONF);
        conf = replace(conf, "/etc/mosquitto/prognos/", brokerFiles.toAbsolutePath() + "/");
        conf = replace(conf, "/var/lib/mosquitto/", data.toAbsolutePath() + "/");
        conf = replace(conf, "\nlistener 8883\n", "\nlistener " + m.tlsPort + " 127.0.0.1\n");
        conf = replace(conf, "\nlistener 8884\n", "\nlistener " + m.mtlsPort + " 127.0.0.1\n");
        conf = "user " + System.getProperty("user.name") + "\n" + conf;
        Files.writeString(workDir.resolve("mosquitto.conf"), conf);
        m.launch(workDir.resolve("mosquitto.conf"));
        return m;
    }

    private static String replace(String conf, String what, String with) {
        if (!conf.contains(what)) {
            throw new IllegalStateException(DEPLOY_CONF + " no longer contains '" + what.strip() + "'");
        }
        return conf.replace(what, with);
    }

    private void launch(Path conf) {
        Path binary = List.of("/usr/sbin/mosquitto", "/usr/bin/mosquitto").stream().map(Path::of).filter(Files::isExecutable)
                .findFirst().orElseThrow(() -> new IllegalStateException("mosquitto is not installed: sudo apt-get install mosquitto"));
        try {
            process = new ProcessBuilder(binary.toString(), "-c", conf.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        await("mosquitto listening on " + tlsPort + " and " + mtlsPort).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("mosquitto exited with " + process.exitValue() + ":\n" + Files.readString(log));
                    }
                    return listening(tlsPort) && listening(mtlsPort);
                });
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** SIGHUP: Mosquitto rereads the password file, the ACL and the broker certificate. */
    void reload() throws Exception {
        Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(process.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill -HUP " + process.pid() + " failed");
        }
    }

    /** Stops and starts it on the same ports and files (Mosquitto reads the CRL only at start). */
    void restart(Path conf) {
        stop();
        launch(conf);
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    private void stop() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
