package dev.prognos.console;

import dev.prognos.core.alert.Alert;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The console's own settings, under {@value #PREFIX} in {@code application.properties}; each key
 * can also be given as an environment variable ({@code prognos.console.kafka.bootstrap} →
 * {@code PROGNOS_CONSOLE_KAFKA_BOOTSTRAP}) or {@code -D}. Checked at start-up by
 * {@link dev.prognos.console.internal.OptionsCheck}: a bad value stops the console with its key named.
 */
@ConfigMapping(prefix = ConsoleOptions.PREFIX)
public interface ConsoleOptions {

    String PREFIX = "prognos.console";
    /** Kafka bootstrap servers, {@code host:port[,host:port]}. */
    String KAFKA_BOOTSTRAP = PREFIX + ".kafka.bootstrap";
    /** Consumer group of the console; its committed offsets say what the database already holds. */
    String KAFKA_GROUP = PREFIX + ".kafka.group";
    /** InfluxDB 1.x base URL for history through InfluxQL {@code /query}; unset: no history, live only. */
    String INFLUX_URL = PREFIX + ".influx.url";
    /** InfluxDB database (the stream processor's bucket). */
    String INFLUX_DB = PREFIX + ".influx.db";
    /** Health windows kept in memory per device for the live chart. */
    String RECENT_WINDOWS = PREFIX + ".recent-windows";
    /** How often the notification dispatcher looks for due notifications, ms. */
    String NOTIFY_POLL_MS = PREFIX + ".notify.poll-ms";
    /** Attempts per dispatch round before a notification waits for the next round (Failsafe). */
    String NOTIFY_ATTEMPTS = PREFIX + ".notify.attempts";
    /** Wait after a notification failed a whole round of attempts, ms; doubles per round, at most 15 min. */
    String NOTIFY_RETRY_DELAY_MS = PREFIX + ".notify.retry-delay-ms";
    /** Channels, {@code prognos.console.notify.channel.<name>.*}: see {@link Channel}. */
    String CHANNELS = PREFIX + ".notify.channel";

    @WithName("kafka.bootstrap")
    String kafkaBootstrap();

    @WithName("kafka.group")
    @WithDefault("prognos-console")
    String kafkaGroup();

    @WithName("influx.url")
    Optional<String> influxUrl();

    @WithName("influx.db")
    @WithDefault("prognos")
    String influxDb();

    @WithName("recent-windows")
    @WithDefault("120")
    int recentWindows();

    @WithName("notify.poll-ms")
    @WithDefault("500")
    long notifyPollMs();

    @WithName("notify.attempts")
    @WithDefault("4")
    int notifyAttempts();

    @WithName("notify.retry-delay-ms")
    @WithDefault("60000")
    long notifyRetryDelayMs();

    @WithName("notify.channel")
    Map<String, Channel> channels();

    @WithName("smtp")
    Smtp smtp();

    /** Where notifications go and which ones. */
    interface Channel {
        /** {@code webhook} (JSON POST) or {@code email} (SMTP, see {@link Smtp}). */
        ChannelType type();

        /** Webhook URL (http or https); required for {@code webhook}. */
        Optional<String> url();

        /** Webhook body: {@code json} (the alert and its transition) or {@code slack} ({@code {"text": ...}}). */
        @WithDefault("json")
        WebhookFormat format();

        /** E-mail recipients; required for {@code email}. */
        Optional<List<String>> to();

        /** Only alerts of these sites; unset: every site. */
        Optional<List<String>> sites();

        /** Only alerts of these asset types; unset: every asset type. */
        Optional<List<String>> assets();

        /** Only alerts at least this severe. */
        @WithName("min-severity")
        @WithDefault("WARNING")
        Alert.Severity minSeverity();

        /** Which transitions to tell: OPEN, ACKNOWLEDGED, RESOLVED. */
        @WithDefault("OPEN,ACKNOWLEDGED,RESOLVED")
        List<Alert.State> transitions();

        /**
         * {@code HH:MM-HH:MM} in {@link #zone()}, may wrap midnight: notifications below CRITICAL
         * due then are held until the quiet hours end (never dropped).
         */
        @WithName("quiet-hours")
        Optional<String> quietHours();

        /** Time zone of the quiet hours, e.g. {@code Europe/Berlin}. */
        @WithDefault("UTC")
        String zone();

        /** At most this many notifications in any 60 minutes; the rest wait their turn. */
        @WithName("max-per-hour")
        @WithDefault("60")
        int maxPerHour();
    }

    enum ChannelType { WEBHOOK, EMAIL }

    enum WebhookFormat { JSON, SLACK }

    /** The SMTP server for e-mail channels. */
    interface Smtp {
        Optional<String> host();

        @WithDefault("25")
        int port();

        @WithDefault("prognos@localhost")
        String from();

        Optional<String> username();

        /** File holding the SMTP password (never the password itself in the configuration). */
        @WithName("password-file")
        Optional<String> passwordFile();

        @WithDefault("false")
        boolean starttls();
    }
}
