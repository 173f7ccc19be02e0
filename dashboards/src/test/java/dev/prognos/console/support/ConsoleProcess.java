package dev.prognos.console.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged console ({@code target/quarkus-app/quarkus-run.jar}) in a child JVM, as
 * {@code ./prognos console} runs it, on a port chosen by the test; stopped with SIGTERM like a
 * person stops it, so a test can restart it on the same database.
 */
public final class ConsoleProcess implements AutoCloseable {

    static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private final Process process;
    private final int port;

    private ConsoleProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts the console and waits until {@code /q/health} answers UP. */
    public static ConsoleProcess start(int port, Map<String, String> env, Map<String, String> props, Path log) {
        List<String> cmd = new ArrayList<>(List.of(java(), "-Xmx256m", "-XX:+UseSerialGC"));
        props.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.addAll(List.of("-jar", jar()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        pb.environment().put("PROGNOS_CONSOLE_HTTP_PORT", String.valueOf(port));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ConsoleProcess c = new ConsoleProcess(p, port);
        c.awaitHealthy(log);
        return c;
    }

    /** The packaged console's classpath for a plain main class (the create-admin command). */
    public static String classpath() {
        Path app = Path.of(jar()).getParent();
        return app.resolve("app") + File.separator + "*" + File.pathSeparator + app.resolve("lib/main") + File.separator + "*"
                + File.pathSeparator + app.resolve("lib/boot") + File.separator + "*";
    }

    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
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

    private void awaitHealthy(Path log) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the console exited with " + process.exitValue() + " during start-up; see " + log);
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url() + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                process.waitFor(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("the console was not ready in " + READY_TIMEOUT + "; see " + log);
    }

    /** SIGTERM and wait for it to exit. */
    @Override
    public void close() {
        terminate(process);
    }

    /** SIGTERM, as a person stops a part; SIGKILL when it has not exited within 30 s. */
    static void terminate(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
