package dev.prognos.hardware.internal;

import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a sensor's params map, each value parsed and checked with the offending key in the message
 * ({@code sensors[2].params.shunt-ohms: ...}), and refuses names nobody asked for.
 */
public final class SpecParams {

    private final String key;
    private final Map<String, String> params;
    private final Set<String> known = new HashSet<>();

    public SpecParams(String key, Map<String, String> params) {
        this.key = key;
        this.params = params;
    }

    /** The full key of a parameter, for messages. */
    public String keyOf(String name) {
        return key + ".params." + name;
    }

    public String string(String name, String fallback) {
        known.add(name);
        String value = params.get(name);
        if (value == null) {
            return fallback;
        }
        if (value.isBlank()) {
            throw new IllegalArgumentException(keyOf(name) + ": must not be blank");
        }
        return value.trim();
    }

    /** A number in [min, max]. */
    public double number(String name, double fallback, double min, double max) {
        String value = string(name, null);
        if (value == null) {
            return fallback;
        }
        double d;
        try {
            d = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(keyOf(name) + ": must be a number, got '" + value + "'", e);
        }
        if (!(d >= min && d <= max)) {
            throw new IllegalArgumentException(keyOf(name) + ": must be " + min + ".." + max + ", got " + value);
        }
        return d;
    }

    /** A whole number in [min, max]. */
    public long integer(String name, long fallback, long min, long max) {
        String value = string(name, null);
        if (value == null) {
            return fallback;
        }
        long l;
        try {
            l = Long.decode(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(keyOf(name) + ": must be a whole number, got '" + value + "'", e);
        }
        if (l < min || l > max) {
            throw new IllegalArgumentException(keyOf(name) + ": must be " + min + ".." + max + ", got " + value);
        }
        return l;
    }

    /** One of {@code choices} (case-insensitive), returned in lower case. */
    public String choice(String name, String fallback, String... choices) {
        String value = string(name, null);
        if (value == null) {
            return fallback;
        }
        String lower = value.toLowerCase(Locale.ROOT);
        for (String c : choices) {
            if (c.equals(lower)) {
                return c;
            }
        }
        throw new IllegalArgumentException(keyOf(name) + ": must be one of " + String.join(", ", choices) + ", got '"
                + value + "'");
    }

    public boolean bool(String name, boolean fallback) {
        return "true".equals(choice(name, Boolean.toString(fallback), "true", "false"));
    }

    /** Fails on a parameter none of the reads above asked for. Call after reading all. */
    public void refuseUnknown(String type) {
        Set<String> unknown = new TreeSet<>(params.keySet());
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            String first = unknown.iterator().next();
            throw new IllegalArgumentException(keyOf(first) + ": not a parameter of " + type + " (known: "
                    + String.join(", ", new TreeSet<>(known)) + ")");
        }
    }
}
