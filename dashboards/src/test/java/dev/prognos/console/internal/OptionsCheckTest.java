package dev.prognos.console.internal;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prognos.console.ConsoleOptions;
import dev.prognos.core.alert.Alert;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A bad setting stops the console with its key named. */
class OptionsCheckTest {

    /** Options as the defaults give them, with {@code overrides} by method name. */
    @SuppressWarnings("unchecked")
    static <T> T stub(Class<T> type, Map<String, Object> overrides) {
        Map<String, Object> defaults = new HashMap<>(Map.ofEntries(
                Map.entry("kafkaBootstrap", "127.0.0.1:9092"), Map.entry("kafkaGroup", "prognos-console"),
                Map.entry("influxUrl", Optional.empty()), Map.entry("influxDb", "prognos"), Map.entry("recentWindows", 120),
                Map.entry("notifyPollMs", 500L), Map.entry("notifyAttempts", 4), Map.entry("notifyRetryDelayMs", 60_000L),
                Map.entry("channels", Map.of()),
                Map.entry("type", ConsoleOptions.ChannelType.WEBHOOK), Map.entry("url", Optional.of("http://127.0.0.1:9/hook")),
                Map.entry("format", ConsoleOptions.WebhookFormat.JSON), Map.entry("to", Optional.empty()),
                Map.entry("sites", Optional.empty()), Map.entry("assets", Optional.empty()),
                Map.entry("minSeverity", Alert.Severity.WARNING), Map.entry("transitions", List.of(Alert.State.values())),
                Map.entry("quietHours", Optional.empty()), Map.entry("zone", "UTC"), Map.entry("maxPerHour", 60),
                Map.entry("host", Optional.empty()), Map.entry("port", 25), Map.entry("from", "prognos@localhost"),
                Map.entry("username", Optional.empty()), Map.entry("passwordFile", Optional.empty()), Map.entry("starttls", false)));
        defaults.putAll(overrides);
        defaults.putIfAbsent("smtp", null);
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, m, a) -> {
            if (m.getName().equals("smtp")) {
                return stub(ConsoleOptions.Smtp.class, overrides);
            }
            return defaults.get(m.getName());
        });
    }

    static ConsoleOptions withChannel(Map<String, Object> channel) {
        return stub(ConsoleOptions.class, Map.of("channels", Map.of("ops", stub(ConsoleOptions.Channel.class, channel))));
    }

    @Test
    void shouldAcceptTheDefaultsAndAWebhookChannel() {
        assertThatCode(() -> OptionsCheck.check(withChannel(Map.of()))).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "kafkaBootstrap | localhost      | prognos.console.kafka.bootstrap must look like host:port[,host:port], got 'localhost'",
            "influxUrl      | ftp://x        | prognos.console.influx.url must be an http:// or https:// URL, got 'ftp://x'",
            "recentWindows  | 0              | prognos.console.recent-windows must be 1..10000, got 0",
            "notifyAttempts | 0              | prognos.console.notify.attempts must be 1..20, got 0",
    })
    void shouldNameTheKeyOfABadSetting(String method, String value, String message) {
        Object v = switch (method) {
            case "influxUrl" -> Optional.of(value);
            case "recentWindows", "notifyAttempts" -> Integer.parseInt(value);
            default -> value;
        };
        assertThatThrownBy(() -> OptionsCheck.check(stub(ConsoleOptions.class, Map.of(method, v))))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void shouldNameTheChannelKeyThatIsWrong() {
        assertThatThrownBy(() -> OptionsCheck.check(withChannel(Map.of("url", Optional.empty()))))
                .hasMessage("prognos.console.notify.channel.ops.url is required for a webhook channel");
        assertThatThrownBy(() -> OptionsCheck.check(withChannel(Map.of("quietHours", Optional.of("late")))))
                .hasMessage("prognos.console.notify.channel.ops.quiet-hours / .zone: quiet hours must look like 22:00-06:00, got 'late'");
        assertThatThrownBy(() -> OptionsCheck.check(withChannel(Map.of("type", ConsoleOptions.ChannelType.EMAIL,
                "to", Optional.of(List.of("a@b.example"))))))
                .hasMessage("prognos.console.smtp.host is required by the email channel ops");
        assertThatThrownBy(() -> OptionsCheck.check(withChannel(Map.of("maxPerHour", 0))))
                .hasMessage("prognos.console.notify.channel.ops.max-per-hour must be >= 1, got 0");
    }
}
