package dev.prognos.console.support;

import dev.prognos.stack.ChildProcess;
import java.io.File;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The packaged console ({@code target/quarkus-app/quarkus-run.jar}) in a child JVM, as
 * {@code ./prognos console} runs it, on a port chosen by the test; stopped with SIGTERM like a
 * person stops it, so a test can restart it on the same database (and the same log, appended).
 */
public final class ConsoleProcess implements AutoCloseable {

    static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private final ChildProcess process;
    private final int port;

    private ConsoleProcess(ChildProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts the console and waits until {@code /q/health/ready} answers 200. */
    public static ConsoleProcess start(int port, Map<String, String> env, Map<String, String> props, Path log) {
        List<String> cmd = new ArrayList<>(List.of(ChildProcess.java(), "-Xmx256m", "-XX:+UseSerialGC"));
        props.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.addAll(List.of("-jar", jar()));
        ChildProcess child = ChildProcess.builder("the console", log, cmd)
                .env(env).env("PROGNOS_CONSOLE_HTTP_PORT", String.valueOf(port)).start();
        ConsoleProcess c = new ConsoleProcess(child, port);
        child.awaitHttpOk(URI.create(c.url() + "/q/health/ready"), READY_TIMEOUT);
        return c;
    }

    /** The packaged console's classpath for a plain main class (the create-admin command). */
    public static String classpath() {
        Path app = Path.of(jar()).getParent();
        return app.resolve("app") + File.separator + "*" + File.pathSeparator + app.resolve("lib/main") + File.separator + "*"
                + File.pathSeparator + app.resolve("lib/boot") + File.separator + "*";
    }

    /** This JVM's java binary, for the create-admin command. */
    public static String java() {
        return ChildProcess.java();
    }

    static String jar() {
        String jar = System.getProperty("prognos.console.jar");
        if (jar == null || !new File(jar).isFile()) {
            throw new IllegalStateException("the packaged console is missing (" + jar + "): run the ITs through Maven's verify");
        }
        return jar;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** SIGTERM, as a person stops a part; SIGKILL when it has not exited within 30 s. */
    @Override
    public void close() {
        process.stop(Duration.ofSeconds(30));
    }
}
