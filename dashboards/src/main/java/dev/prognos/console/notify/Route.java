package dev.prognos.console.notify;

import dev.prognos.console.ConsoleOptions;
import dev.prognos.core.alert.Alert;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Which channels hear of an alert transition: by site, asset type, severity and transition. */
public final class Route {

    private final Map<String, ConsoleOptions.Channel> channels;

    public Route(Map<String, ConsoleOptions.Channel> channels) {
        this.channels = new TreeMap<>(channels);
    }

    /** The channel names, sorted, that take {@code alert} entering {@code transition}. */
    public List<String> channelsFor(Alert alert, Alert.State transition) {
        List<String> out = new ArrayList<>();
        channels.forEach((name, c) -> {
            if (matches(c, alert, transition)) {
                out.add(name);
            }
        });
        return out;
    }

    static boolean matches(ConsoleOptions.Channel c, Alert a, Alert.State transition) {
        return a.severity().compareTo(c.minSeverity()) >= 0
                && c.transitions().contains(transition)
                && among(c.sites(), a.site())
                && among(c.assets(), a.asset());
    }

    private static boolean among(Optional<List<String>> allowed, String value) {
        return allowed.isEmpty() || allowed.get().isEmpty() || allowed.get().contains(value);
    }
}
