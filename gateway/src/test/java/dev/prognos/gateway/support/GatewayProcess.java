package dev.prognos.gateway.support;

import dev.prognos.stack.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The packaged gateway ({@code target/quarkus-app/quarkus-run.jar}, built by {@code package},
 * which runs before failsafe's integration tests) in a child JVM, as it runs in production:
 * configured by environment variables, stopped by SIGTERM, or killed by SIGKILL.
 */
public final class GatewayProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Process process;
    private final int httpPort;
    private final Path log;

    private GatewayProcess(String name, Process process, int httpPort, Path log) {
        this.name = name;
        this.process = process;
        this.httpPort = httpPort;
        this.log = log;
    }

    /** The packaged application, from the gateway module or the repository root. */
    public static Path jar() {
        for (Path p : List.of(Path.of("target/quarkus-app/quarkus-run.jar"), Path.of("gateway/target/quarkus-app/quarkus-run.jar"))) {
            if (Files.isRegularFile(p)) {
                return p.toAbsolutePath();
            }
        }
        throw new IllegalStateException("target/quarkus-app/quarkus-run.jar is missing: build it with ./mvnw -pl gateway package -DskipTests");
    }

    /**
     * @param env      PROGNOS_* settings (broker, Kafka, client id, ...); the HTTP port is chosen here
     * @param jvmFlags e.g. -Xmx256m
     */
    public static GatewayProcess start(String name, Map<String, String> env, List<String> jvmFlags, Path logDir) {
        int port = FreePorts.find();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags);
        command.add("-jar");
        command.add(jar().toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(k -> k.startsWith("PROGNOS_"));
        Map<String, String> all = new HashMap<>(env);
        all.put("PROGNOS_GATEWAY_HTTP_PORT", String.valueOf(port));
        all.put("PROGNOS_GATEWAY_HTTP_HOST", "127.0.0.1");
        environment.putAll(all);
        try {
            Files.createDirectories(logDir);
            Path log = logDir.resolve(name + ".log");
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            Process p = builder.start();
            Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
            return new GatewayProcess(name, p, port, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until /q/health/ready answers 200 (MQTT subscribed, Kafka answering). */
    public GatewayProcess awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            if (get("/q/health/ready").statusCode() == 200) {
                return this;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
        throw new IllegalStateException(name + " not ready after " + timeout.toSeconds() + " s; see " + log);
    }

    public HttpResponse<String> get(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return new Unanswered(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A value of /q/metrics, e.g. {@code prognos_gateway_forwarded_total}. */
    public double metric(String name) {
        String text = get("/q/metrics").body();
        return text.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst().orElseThrow(() -> new AssertionError(name + " not in /q/metrics of " + name));
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** SIGKILL: no shutdown hook, no drain, no DISCONNECT. */
    public void kill9() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM, the clean stop; SIGKILL if it has not ended after {@code timeout}. @return the exit code */
    public int stop(Duration timeout) {
        process.destroy();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return process.isAlive() ? -1 : process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            stop(Duration.ofSeconds(20));
        }
    }

    /** A request that got no answer (process not listening yet, or gone). */
    private record Unanswered(IOException error) implements HttpResponse<String> {
        @Override
        public int statusCode() {
            return -1;
        }

        @Override
        public HttpRequest request() {
            return null;
        }

        @Override
        public java.util.Optional<HttpResponse<String>> previousResponse() {
            return java.util.Optional.empty();
        }

        @Override
        public java.net.http.HttpHeaders headers() {
            return java.net.http.HttpHeaders.of(Map.of(), (a, b) -> true);
        }

        @Override
        public String body() {
            return "";
        }

        @Override
        public java.util.Optional<javax.net.ssl.SSLSession> sslSession() {
            return java.util.Optional.empty();
        }

        @Override
        public URI uri() {
            return null;
        }

        @Override
        public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
        }
    }
}
