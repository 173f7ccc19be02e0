package dev.prognos.edge.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Typed, validated access to one mapping of the YAML tree. Every read names its full key in
 * problems (e.g. {@code sensors[2].address}); a bad value is reported and the read returns empty,
 * so loading goes on and finds the other problems too.
 */
public final class Fields {

    private final ObjectNode node;
    private final String prefix;
    private final Problems problems;

    private Fields(ObjectNode node, String prefix, Problems problems) {
        this.node = node;
        this.prefix = prefix;
        this.problems = problems;
    }

    /**
     * The mapping at {@code value} (absent or null counts as empty), refusing keys not in
     * {@code known}: a misspelt key would otherwise silently fall back to its default.
     */
    public static Fields of(JsonNode value, String path, Problems problems, List<String> known) {
        ObjectNode obj;
        if (value == null || value.isNull() || value.isMissingNode()) {
            obj = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        } else if (!value.isObject()) {
            problems.add(path.isEmpty() ? "(top level)" : path, "must be a mapping of keys to values, got " + kind(value));
            obj = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        } else {
            obj = (ObjectNode) value;
        }
        Fields fields = new Fields(obj, path.isEmpty() ? "" : path + ".", problems);
        for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!known.contains(name)) {
                fields.problems.add(fields.key(name), "unknown key (known here: " + String.join(", ", known) + ")");
            }
        }
        return fields;
    }

    public String key(String name) {
        return prefix + name;
    }

    public JsonNode raw(String name) {
        JsonNode v = node.get(name);
        return v == null || v.isNull() ? null : v;
    }

    /** A scalar as text, trimmed; empty if absent. Lists and mappings are refused. */
    public Optional<String> text(String name) {
        JsonNode v = raw(name);
        if (v == null) {
            return Optional.empty();
        }
        if (!v.isValueNode()) {
            problems.add(key(name), "must be a single value, got " + kind(v));
            return Optional.empty();
        }
        String s = v.asText().trim();
        if (s.isEmpty()) {
            problems.add(key(name), "must not be empty");
            return Optional.empty();
        }
        return Optional.of(s);
    }

    public Optional<String> required(String name) {
        if (raw(name) == null) {
            problems.add(key(name), "is required");
            return Optional.empty();
        }
        return text(name);
    }

    /** An integer in [min, max]; YAML integers, decimal text and 0x hex text are accepted. */
    public Optional<Long> integer(String name, long min, long max, boolean hex) {
        Optional<String> t = text(name);
        if (t.isEmpty()) {
            return Optional.empty();
        }
        Long v = parseInteger(t.get());
        if (v == null) {
            problems.add(key(name), "must be an integer, got '" + t.get() + "'");
            return Optional.empty();
        }
        if (v < min || v > max) {
            problems.add(key(name), hex
                    ? String.format("must be 0x%02X..0x%02X, got 0x%02X", min, max, v)
                    : "must be " + min + ".." + max + ", got " + v);
            return Optional.empty();
        }
        return Optional.of(v);
    }

    /** A finite number in (0, max]. */
    public Optional<Double> positive(String name, double max) {
        Optional<Double> v = parseNumber(name);
        if (v.isPresent() && (!(v.get() > 0) || v.get() > max)) {
            problems.add(key(name), "must be above 0 and at most " + fmt(max) + ", got " + text(name).orElse(""));
            return Optional.empty();
        }
        return v;
    }

    /** A finite number in [min, max]. */
    public Optional<Double> number(String name, double min, double max) {
        Optional<Double> v = parseNumber(name);
        if (v.isPresent() && !(v.get() >= min && v.get() <= max)) {
            problems.add(key(name), "must be " + fmt(min) + ".." + fmt(max) + ", got " + text(name).orElse(""));
            return Optional.empty();
        }
        return v;
    }

    private Optional<Double> parseNumber(String name) {
        Optional<String> t = text(name);
        if (t.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Double.parseDouble(t.get()));
        } catch (NumberFormatException e) {
            problems.add(key(name), "must be a number, got '" + t.get() + "'");
            return Optional.empty();
        }
    }

    /** One of {@code allowed}, compared exactly. */
    public Optional<String> oneOf(String name, Set<String> allowed) {
        Optional<String> t = text(name);
        if (t.isPresent() && !allowed.contains(t.get())) {
            problems.add(key(name), "must be one of " + String.join(", ", allowed.stream().sorted().toList())
                    + ", got '" + t.get() + "'");
            return Optional.empty();
        }
        return t;
    }

    /** Problems found so far, in this mapping and everywhere else: a caller compares before and after. */
    public int problemCount() {
        return problems.size();
    }

    public Problems problems() {
        return problems;
    }

    public void problem(String name, String message) {
        problems.add(key(name), message);
    }

    static Long parseInteger(String s) {
        try {
            if (s.startsWith("0x") || s.startsWith("0X")) {
                return Long.parseLong(s.substring(2), 16);
            }
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static String kind(JsonNode v) {
        if (v.isArray()) {
            return "a list";
        }
        if (v.isObject()) {
            return "a mapping";
        }
        return "'" + v.asText() + "'";
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
