package dev.prognos.gateway.support;

import dev.prognos.stack.ChildProcess;
import dev.prognos.stack.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The packaged gateway ({@code target/quarkus-app/quarkus-run.jar}, built by {@code package},
 * which runs before failsafe's integration tests) in a child JVM, as it runs in production:
 * configured by environment variables, stopped by SIGTERM, or killed by SIGKILL.
 */
public final class GatewayProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final ChildProcess process;
    private final int httpPort;

    private GatewayProcess(String name, ChildProcess process, int httpPort) {
        this.name = name;
        this.process = process;
        this.httpPort = httpPort;
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
     * @param env      PROGNOS_* settings (broker, Kafka, client id, ...); the HTTP port is chosen here, and
     *                 PROGNOS_* variables of this JVM's environment are not passed on
     * @param jvmFlags e.g. -Xmx256m
     * @param logDir   where {@code <name>.log} gets its output (appended)
     */
    public static GatewayProcess start(String name, Map<String, String> env, List<String> jvmFlags, Path logDir) {
        int port = FreePorts.find();
        List<String> command = new ArrayList<>();
        command.add(ChildProcess.java());
        command.addAll(jvmFlags);
        command.add("-jar");
        command.add(jar().toString());
        ChildProcess child = ChildProcess.builder(name, logDir.resolve(name + ".log"), command)
                .withoutEnv(k -> k.startsWith("PROGNOS_"))
                .env(env)
                .env("PROGNOS_GATEWAY_HTTP_PORT", String.valueOf(port))
                .env("PROGNOS_GATEWAY_HTTP_HOST", "127.0.0.1")
                .start();
        return new GatewayProcess(name, child, port);
    }

    /**
     * Waits until /q/health/ready answers 200 (MQTT subscribed, Kafka answering).
     *
     * @throws IllegalStateException when it exits first or is not ready in time (it is killed then), with its exit code and last lines
     */
    public GatewayProcess awaitReady(Duration timeout) {
        process.awaitHttpOk(URI.create("http://127.0.0.1:" + httpPort + "/q/health/ready"), timeout);
        return this;
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
                .findFirst().orElseThrow(() -> new AssertionError(name + " not in /q/metrics of " + this.name));
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return process.log();
    }

    /** SIGKILL: no shutdown hook, no drain, no DISCONNECT. */
    public void kill9() {
        process.kill();
    }

    /** SIGTERM, the clean stop; SIGKILL if it has not ended after {@code timeout}. @return the exit code */
    public int stop(Duration timeout) {
        return process.stop(timeout);
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
