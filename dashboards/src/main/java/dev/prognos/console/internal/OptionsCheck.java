package dev.prognos.console.internal;

import dev.prognos.console.ConsoleOptions;
import dev.prognos.console.notify.Dispatcher;
import dev.prognos.console.notify.MailSender;
import dev.prognos.console.notify.Pacing;
import dev.prognos.console.notify.QuietHours;
import dev.prognos.console.notify.WebhookSender;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Checks {@link ConsoleOptions} beyond their types and builds the notification channels; errors name the key. */
public final class OptionsCheck {

    private OptionsCheck() {
    }

    /** @throws IllegalArgumentException naming the key and what is wrong */
    public static void check(ConsoleOptions o) {
        String bootstrap = o.kafkaBootstrap().trim();
        if (bootstrap.isEmpty() || !bootstrap.matches("[^,\\s]+:\\d+(,[^,\\s]+:\\d+)*")) {
            throw new IllegalArgumentException(ConsoleOptions.KAFKA_BOOTSTRAP + " must look like host:port[,host:port], got '"
                    + o.kafkaBootstrap() + "'");
        }
        if (o.kafkaGroup().isBlank()) {
            throw new IllegalArgumentException(ConsoleOptions.KAFKA_GROUP + " must not be empty");
        }
        o.influxUrl().filter(u -> !u.isBlank()).ifPresent(u -> httpUri(ConsoleOptions.INFLUX_URL, u));
        if (o.recentWindows() < 1 || o.recentWindows() > 10_000) {
            throw new IllegalArgumentException(ConsoleOptions.RECENT_WINDOWS + " must be 1..10000, got " + o.recentWindows());
        }
        if (o.notifyPollMs() < 10) {
            throw new IllegalArgumentException(ConsoleOptions.NOTIFY_POLL_MS + " must be >= 10 ms, got " + o.notifyPollMs());
        }
        if (o.notifyAttempts() < 1 || o.notifyAttempts() > 20) {
            throw new IllegalArgumentException(ConsoleOptions.NOTIFY_ATTEMPTS + " must be 1..20, got " + o.notifyAttempts());
        }
        if (o.notifyRetryDelayMs() < 10) {
            throw new IllegalArgumentException(ConsoleOptions.NOTIFY_RETRY_DELAY_MS + " must be >= 10 ms, got " + o.notifyRetryDelayMs());
        }
        channels(o);
    }

    /** The configured channels, ready to send. */
    public static Map<String, Dispatcher.Channel> channels(ConsoleOptions o) {
        Map<String, Dispatcher.Channel> out = new LinkedHashMap<>();
        o.channels().forEach((name, c) -> {
            String key = ConsoleOptions.CHANNELS + "." + name;
            Optional<QuietHours> quiet;
            try {
                quiet = c.quietHours().filter(q -> !q.isBlank()).map(q -> QuietHours.parse(q, c.zone()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(key + ".quiet-hours / .zone: " + e.getMessage(), e);
            }
            if (c.maxPerHour() < 1) {
                throw new IllegalArgumentException(key + ".max-per-hour must be >= 1, got " + c.maxPerHour());
            }
            Pacing pacing = new Pacing(quiet, c.maxPerHour());
            switch (c.type()) {
                case WEBHOOK -> {
                    String url = c.url().filter(u -> !u.isBlank())
                            .orElseThrow(() -> new IllegalArgumentException(key + ".url is required for a webhook channel"));
                    out.put(name, new Dispatcher.Channel(new WebhookSender(httpUri(key + ".url", url), c.format()), pacing));
                }
                case EMAIL -> {
                    List<String> to = c.to().filter(t -> !t.isEmpty())
                            .orElseThrow(() -> new IllegalArgumentException(key + ".to is required for an email channel"));
                    ConsoleOptions.Smtp smtp = o.smtp();
                    String host = smtp.host().filter(h -> !h.isBlank()).orElseThrow(() -> new IllegalArgumentException(
                            ConsoleOptions.PREFIX + ".smtp.host is required by the email channel " + name));
                    String password = smtp.passwordFile().map(f -> read(ConsoleOptions.PREFIX + ".smtp.password-file", f)).orElse(null);
                    out.put(name, new Dispatcher.Channel(new MailSender(host, smtp.port(), smtp.starttls(), smtp.from(), to,
                            smtp.username().orElse(null), password), pacing));
                }
                default -> throw new IllegalArgumentException(key + ".type must be webhook or email");
            }
        });
        return out;
    }

    static URI httpUri(String key, String value) {
        try {
            URI u = new URI(value.trim());
            if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
                throw new IllegalArgumentException(key + " must be an http:// or https:// URL, got '" + value + "'");
            }
            return u;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(key + " is not a URL: '" + value + "'", e);
        }
    }

    private static String read(String key, String file) {
        try {
            return Files.readString(Path.of(file)).strip();
        } catch (IOException e) {
            throw new IllegalArgumentException(key + ": cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
