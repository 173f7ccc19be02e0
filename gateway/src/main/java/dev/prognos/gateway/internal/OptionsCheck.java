package dev.prognos.gateway.internal;

import dev.prognos.core.telemetry.TelemetryJson;
import dev.prognos.gateway.GatewayOptions;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Checks {@link GatewayOptions} and names every wrong key with its value. Done by hand because
 * the validation extension does not resolve for this Quarkus version here (see the pom).
 */
public final class OptionsCheck {

    static final Set<String> SCHEMES = Set.of("tcp", "ssl");
    static final Set<String> COMPRESSIONS = Set.of("lz4", "zstd");
    /** MQTT client ids and share names become topic levels or session keys. */
    static final java.util.regex.Pattern CLIENT_ID = TelemetryJson.ID;

    private OptionsCheck() {
    }

    /** Every problem, one line each ({@code key: what is wrong, got value}); empty when all is well. */
    public static List<String> problems(GatewayOptions options, String kafkaBootstrap) {
        List<String> problems = new ArrayList<>();
        GatewayOptions.Mqtt mqtt = options.mqtt();
        brokerUri(problems, mqtt.broker());
        if (!CLIENT_ID.matcher(mqtt.clientId()).matches()) {
            problems.add(GatewayOptions.CLIENT_ID + ": must match " + CLIENT_ID.pattern() + ", got '" + mqtt.clientId() + "'");
        }
        mqtt.sharedGroup().filter(g -> !CLIENT_ID.matcher(g).matches()).ifPresent(g ->
                problems.add(GatewayOptions.SHARED_GROUP + ": must match " + CLIENT_ID.pattern() + ", got '" + g + "'"));
        if (mqtt.password().isPresent() && mqtt.username().isEmpty()) {
            problems.add(GatewayOptions.PASSWORD + ": is set but " + GatewayOptions.USERNAME + " is not");
        }
        if (mqtt.passwordFile().isPresent()) {
            if (mqtt.password().isPresent()) {
                problems.add(GatewayOptions.PASSWORD_FILE + ": give either it or " + GatewayOptions.PASSWORD + ", not both");
            } else if (mqtt.username().isEmpty()) {
                problems.add(GatewayOptions.PASSWORD_FILE + ": is set but " + GatewayOptions.USERNAME + " is not");
            }
            readable(problems, GatewayOptions.PASSWORD_FILE, mqtt.passwordFile().get());
        }
        GatewayOptions.Tls tls = mqtt.tls();
        tls.ca().ifPresent(f -> readable(problems, GatewayOptions.TLS_CA, f));
        tls.cert().ifPresent(f -> readable(problems, GatewayOptions.TLS_CERT, f));
        tls.key().ifPresent(f -> readable(problems, GatewayOptions.TLS_KEY, f));
        if (tls.cert().isPresent() != tls.key().isPresent()) {
            problems.add((tls.cert().isPresent() ? GatewayOptions.TLS_KEY : GatewayOptions.TLS_CERT)
                    + ": is required with " + (tls.cert().isPresent() ? GatewayOptions.TLS_CERT : GatewayOptions.TLS_KEY));
        }
        boolean anyTls = tls.ca().isPresent() || tls.cert().isPresent() || tls.key().isPresent();
        if (anyTls && !mqtt.broker().startsWith("ssl://")) {
            problems.add(GatewayOptions.TLS_CA + ", " + GatewayOptions.TLS_CERT + ", " + GatewayOptions.TLS_KEY
                    + ": TLS files are given but " + GatewayOptions.BROKER + " is not ssl://HOST:PORT, got '" + mqtt.broker() + "'");
        }
        range(problems, GatewayOptions.KEEP_ALIVE, mqtt.keepAlive(), Duration.ofSeconds(1), Duration.ofSeconds(65535));
        range(problems, GatewayOptions.CONNECT_TIMEOUT, mqtt.connectTimeout(), Duration.ofSeconds(1), Duration.ofSeconds(300));
        range(problems, GatewayOptions.SESSION_EXPIRY, mqtt.sessionExpiry(), Duration.ZERO, Duration.ofSeconds(0xFFFF_FFFFL));
        range(problems, GatewayOptions.RECONNECT_MAX_DELAY, mqtt.reconnectMaxDelay(), Duration.ofSeconds(1), Duration.ofMinutes(10));
        if (mqtt.receiveMaximum() < 1 || mqtt.receiveMaximum() > 65535) {
            problems.add(GatewayOptions.RECEIVE_MAXIMUM + ": must be 1 to 65535, got " + mqtt.receiveMaximum());
        }

        GatewayOptions.Kafka kafka = options.kafka();
        if (!COMPRESSIONS.contains(kafka.compression())) {
            problems.add(GatewayOptions.COMPRESSION + ": must be one of " + new java.util.TreeSet<>(COMPRESSIONS) + ", got '" + kafka.compression() + "'");
        }
        range(problems, GatewayOptions.LINGER, kafka.linger(), Duration.ZERO, Duration.ofSeconds(1));
        range(problems, GatewayOptions.RETRY_BACKOFF, kafka.retryBackoff(), Duration.ofMillis(10), Duration.ofMinutes(5));
        range(problems, GatewayOptions.DRAIN_TIMEOUT, kafka.drainTimeout(), Duration.ZERO, Duration.ofMinutes(10));
        int warn = options.deadletter().warnPerSecond();
        if (warn < 1 || warn > 10_000) {
            problems.add(GatewayOptions.WARN_PER_SECOND + ": must be 1 to 10000, got " + warn);
        }
        GatewayOptions.Reverse reverse = options.reverse();
        if (!CLIENT_ID.matcher(reverse.groupId()).matches()) {
            problems.add(GatewayOptions.REVERSE_GROUP_ID + ": must match " + CLIENT_ID.pattern() + ", got '" + reverse.groupId() + "'");
        }
        range(problems, GatewayOptions.REVERSE_PUBLISH_TIMEOUT, reverse.publishTimeout(), Duration.ofSeconds(1), Duration.ofMinutes(5));
        range(problems, GatewayOptions.HEALTH_LIVENESS_GRACE, options.health().livenessGrace(), Duration.ofSeconds(10), Duration.ofHours(1));
        if (kafkaBootstrap == null || kafkaBootstrap.isBlank()) {
            problems.add(GatewayOptions.KAFKA_BOOTSTRAP + ": is required (HOST:PORT[,HOST:PORT...])");
        } else {
            for (String server : kafkaBootstrap.split(",")) {
                if (!server.trim().matches("[^\\s:/]+:\\d{1,5}")) {
                    problems.add(GatewayOptions.KAFKA_BOOTSTRAP + ": each server must be HOST:PORT, got '" + server.trim() + "'");
                }
            }
        }
        return problems;
    }

    private static void brokerUri(List<String> problems, String broker) {
        String expected = GatewayOptions.BROKER + ": must be tcp://HOST:PORT or ssl://HOST:PORT, got '" + broker + "'";
        try {
            URI uri = new URI(broker);
            boolean bare = uri.getPath() == null || uri.getPath().isEmpty();
            if (uri.getScheme() == null || !SCHEMES.contains(uri.getScheme()) || uri.getHost() == null
                    || uri.getPort() < 1 || !bare || uri.getQuery() != null) {
                problems.add(expected);
            }
        } catch (URISyntaxException e) {
            problems.add(expected);
        }
    }

    private static void readable(List<String> problems, String key, String file) {
        java.nio.file.Path path = java.nio.file.Path.of(file);
        if (!java.nio.file.Files.isRegularFile(path) || !java.nio.file.Files.isReadable(path)) {
            problems.add(key + ": not a readable file, got '" + file + "'");
        }
    }

    private static void range(List<String> problems, String key, Duration value, Duration min, Duration max) {
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            problems.add(key + ": must be " + text(min) + " to " + text(max) + ", got " + text(value));
        }
    }

    /** Durations as people write them in the settings (5ms, 30s), not ISO-8601 (PT30S). */
    static String text(Duration d) {
        if (d.isNegative()) {
            return "-" + text(d.negated());
        }
        if (d.toMillisPart() != 0 || d.getNano() % 1_000_000 != 0 || d.isZero()) {
            return d.getNano() % 1_000_000 == 0 ? d.toMillis() + "ms" : d.toNanos() + "ns";
        }
        return d.toSeconds() + "s";
    }
}
