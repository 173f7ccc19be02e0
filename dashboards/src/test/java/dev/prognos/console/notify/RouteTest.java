package dev.prognos.console.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prognos.console.ConsoleOptions;
import dev.prognos.core.alert.Alert;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RouteTest {

    /** A channel for plant-a pumps, warnings and up, openings only. */
    static ConsoleOptions.Channel channel(String sites, String assets, Alert.Severity min, String transitions) {
        return new ConsoleOptions.Channel() {
            public ConsoleOptions.ChannelType type() { return ConsoleOptions.ChannelType.WEBHOOK; }
            public Optional<String> url() { return Optional.of("http://127.0.0.1:1/hook"); }
            public ConsoleOptions.WebhookFormat format() { return ConsoleOptions.WebhookFormat.JSON; }
            public Optional<List<String>> to() { return Optional.empty(); }
            public Optional<List<String>> sites() { return sites.isEmpty() ? Optional.empty() : Optional.of(List.of(sites.split(";"))); }
            public Optional<List<String>> assets() { return assets.isEmpty() ? Optional.empty() : Optional.of(List.of(assets.split(";"))); }
            public Alert.Severity minSeverity() { return min; }
            public List<Alert.State> transitions() { return Arrays.stream(transitions.split(";")).map(Alert.State::valueOf).toList(); }
            public Optional<String> quietHours() { return Optional.empty(); }
            public String zone() { return "UTC"; }
            public int maxPerHour() { return 60; }
        };
    }

    @ParameterizedTest(name = "{0} {1} {2} {3} -> {4}")
    @CsvSource(delimiter = '|', value = {
            // site  | asset            | severity | transition   | channels
            "plant-a | centrifugal-pump | CRITICAL | OPEN         | all;pumps-a;resolved",
            "plant-a | centrifugal-pump | WARNING  | OPEN         | all;pumps-a",
            "plant-a | centrifugal-pump | INFO     | OPEN         | ''",
            "plant-b | centrifugal-pump | CRITICAL | OPEN         | all;resolved",
            "plant-a | fan              | CRITICAL | OPEN         | all;resolved",
            "plant-a | centrifugal-pump | CRITICAL | ACKNOWLEDGED | all",
            "plant-a | centrifugal-pump | CRITICAL | RESOLVED     | all;resolved",
    })
    void shouldPickChannelsBySiteAssetSeverityAndTransition(String site, String asset, Alert.Severity severity,
                                                             Alert.State transition, String expected) {
        Route route = new Route(Map.of(
                "all", channel("", "", Alert.Severity.WARNING, "OPEN;ACKNOWLEDGED;RESOLVED"),
                "pumps-a", channel("plant-a", "centrifugal-pump", Alert.Severity.WARNING, "OPEN"),
                "resolved", channel("", "", Alert.Severity.CRITICAL, "OPEN;RESOLVED")));
        Alert a = new Alert("id", "pump-1", site, asset, "rule", "c", severity, Alert.State.OPEN, "r", 1, 1, 1, 1, "m");
        List<String> want = expected.isEmpty() ? List.of() : List.of(expected.split(";"));
        assertThat(route.channelsFor(a, transition)).isEqualTo(want);
    }
}
