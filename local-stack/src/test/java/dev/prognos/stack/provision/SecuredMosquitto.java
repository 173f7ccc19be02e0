package dev.prognos.stack.provision;

import dev.prognos.stack.ChildProcess;
import dev.prognos.stack.FreePorts;
import dev.prognos.stack.LocalMosquitto;
import java.io.IOException;
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

    private static final Duration READY = Duration.ofSeconds(20);

    final int tlsPort;
    final int mtlsPort;
    private final Path log;
    private ChildProcess process;

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
        Path binary = LocalMosquitto.binary()
                .orElseThrow(() -> new IllegalStateException("mosquitto is not installed: sudo apt-get install mosquitto"));
        process = ChildProcess.builder("mosquitto", log, List.of(binary.toString(), "-c", conf.toString())).start();
        process.awaitPort(tlsPort, READY).awaitPort(mtlsPort, READY);
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
        process.stop(Duration.ofSeconds(10));
    }

    @Override
    public void close() {
        stop();
    }
}
