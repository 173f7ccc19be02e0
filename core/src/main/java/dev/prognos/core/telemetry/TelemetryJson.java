package dev.prognos.core.telemetry;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.TreeNode;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The telemetry JSON codec, version 1. Decoding checks every rule of
 * {@code telemetry-v1.schema.json} (kept in step by a test that runs both on the same cases)
 * and names the field that broke it, in one streaming pass without a tree or a regex per field
 * (it runs on every message the gateway receives). Unknown top-level fields are ignored, unknown reading
 * names are kept. Thread-safe.
 */
public final class TelemetryJson {

    /** Classpath location of the JSON Schema that documents this format. */
    public static final String SCHEMA_RESOURCE = "/dev/prognos/core/telemetry/telemetry-v1.schema.json";

    /** Ids become MQTT topic levels and Kafka keys: no '/', '+', '#', no spaces. */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** Reading names are lower snake case ending, by convention, in their unit. */
    public static final Pattern READING_NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    /** A payload larger than this is refused before parsing (bytes). */
    public static final int MAX_BYTES = 64 * 1024;

    /** Doubles parsed by Jackson's FastDoubleParser (exact, like Double.parseDouble, and faster). */
    private static final ObjectMapper MAPPER = JsonMapper.builder().enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    private TelemetryJson() {
    }

    public static Telemetry decode(byte[] json) {
        if (json == null || json.length == 0) {
            throw new InvalidTelemetryException(null, "empty payload");
        }
        if (json.length > MAX_BYTES) {
            throw new InvalidTelemetryException(null, "payload of " + json.length + " bytes exceeds " + MAX_BYTES);
        }
        Fields f = new Fields();
        try (JsonParser p = FACTORY.createParser(json)) {
            read(p, f);
        } catch (JsonProcessingException e) {
            throw new InvalidTelemetryException(null, "not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return f.check();
    }

    /**
     * One streaming pass over the document, no tree: the fields the contract names are kept
     * (last one wins, as in a tree), anything else is skipped. Nothing is refused here but
     * broken JSON, so a payload that is both malformed and wrong is called malformed, and the
     * rules are then checked in a fixed order ({@link Fields#check}) whatever the field order.
     * A value of an unexpected type is read as a small tree, only to be quoted in the refusal.
     */
    private static void read(JsonParser p, Fields f) throws IOException {
        JsonToken root = p.nextToken();
        if (root != JsonToken.START_OBJECT) {
            if (root != null) {
                p.skipChildren(); // still refuses malformed JSON as such
            }
            f.notAnObject = true;
            return;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            switch (name) {
                case "v" -> f.v = longOrNode(p, value, f, 0);
                case "device" -> f.device = textOrNode(p, value, f, 0);
                case "site" -> f.site = textOrNode(p, value, f, 1);
                case "asset" -> f.asset = textOrNode(p, value, f, 2);
                case "seq" -> f.seq = longOrNode(p, value, f, 1);
                case "ts" -> f.ts = longOrNode(p, value, f, 2);
                case "readings" -> readings(p, value, f);
                default -> p.skipChildren();
            }
        }
    }

    /** @return the value as a long when it is an integer that fits, else null and the node kept */
    private static long longOrNode(JsonParser p, JsonToken value, Fields f, int slot) throws IOException {
        f.longNodes[slot] = null;
        f.longPresent[slot] = value != JsonToken.VALUE_NULL;
        if (value == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            return p.getLongValue();
        }
        if (value != JsonToken.VALUE_NULL) {
            f.longNodes[slot] = p.readValueAsTree();
        }
        return -1;
    }

    private static String textOrNode(JsonParser p, JsonToken value, Fields f, int slot) throws IOException {
        f.textNodes[slot] = null;
        if (value == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        if (value != JsonToken.VALUE_NULL) {
            f.textNodes[slot] = p.readValueAsTree();
        }
        return null;
    }

    private static void readings(JsonParser p, JsonToken value, Fields f) throws IOException {
        f.readings = null;
        f.readingsNode = null;
        f.refused = null;
        if (value == JsonToken.VALUE_NULL) {
            return;
        }
        if (value != JsonToken.START_OBJECT) {
            f.readingsNode = p.readValueAsTree();
            return;
        }
        // Sorted as Telemetry keeps them, so its copy is a linear one.
        TreeMap<String, Double> readings = new TreeMap<>();
        f.readings = readings;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken token = p.nextToken();
            String refusal = null;
            if (!isReadingName(name)) {
                refusal = "name must match " + READING_NAME.pattern();
                p.skipChildren();
            } else if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
                refusal = "must be a number, got " + kind(p.readValueAsTree());
            } else {
                double d = p.getDoubleValue();
                if (Double.isFinite(d)) {
                    readings.put(name, d);
                } else {
                    refusal = "must be finite, got " + p.readValueAsTree();
                }
            }
            if (refusal != null) {
                readings.remove(name);
                if (f.refused == null) {
                    f.refused = new LinkedHashMap<>();
                }
                f.refused.put(name, refusal);
            } else if (f.refused != null) {
                f.refused.remove(name); // a later value of the same name replaces it, as in a tree
            }
        }
    }

    /** What one pass found; {@link #check} applies the rules in the order of the schema. */
    private static final class Fields {
        boolean notAnObject;
        long v;
        long seq;
        long ts;
        /** v, seq, ts: present and not null. */
        final boolean[] longPresent = new boolean[3];
        /** v, seq, ts: the value when it was not an integer that fits a long. */
        final TreeNode[] longNodes = new TreeNode[3];
        String device;
        String site;
        String asset;
        /** device, site, asset: the value when it was not a string. */
        final TreeNode[] textNodes = new TreeNode[3];
        TreeMap<String, Double> readings;
        TreeNode readingsNode;
        /** Reading name -> why it is refused, in the order they came. */
        LinkedHashMap<String, String> refused;

        Telemetry check() {
            if (notAnObject) {
                throw new InvalidTelemetryException(null, "must be a JSON object");
            }
            if (!longPresent[0]) {
                throw new InvalidTelemetryException("v", "is required");
            }
            if (longNodes[0] != null || v != Telemetry.VERSION) {
                throw new InvalidTelemetryException("v", "unsupported version " + (longNodes[0] != null ? longNodes[0] : v)
                        + ", expected " + Telemetry.VERSION);
            }
            String d = id("device", device, textNodes[0]);
            String s = id("site", site, textNodes[1]);
            String a = id("asset", asset, textNodes[2]);
            long sq = nonNegativeLong("seq", 1, seq);
            long t = nonNegativeLong("ts", 2, ts);
            if (readings == null && readingsNode == null) {
                throw new InvalidTelemetryException("readings", "is required");
            }
            if (readingsNode != null) {
                throw new InvalidTelemetryException("readings", "must be an object of name to number, got " + kind(readingsNode));
            }
            if (refused != null && !refused.isEmpty()) {
                Map.Entry<String, String> first = refused.entrySet().iterator().next();
                throw new InvalidTelemetryException("readings." + first.getKey(), first.getValue());
            }
            if (readings.isEmpty()) {
                throw new InvalidTelemetryException("readings", "must hold at least one reading");
            }
            return new Telemetry(Telemetry.VERSION, d, s, a, sq, t, readings);
        }

        private long nonNegativeLong(String field, int slot, long value) {
            if (!longPresent[slot]) {
                throw new InvalidTelemetryException(field, "is required");
            }
            if (longNodes[slot] != null || value < 0) {
                throw new InvalidTelemetryException(field, "must be an integer >= 0, got " + (longNodes[slot] != null ? longNodes[slot] : value));
            }
            return value;
        }

        private static String id(String field, String text, TreeNode other) {
            if (other != null) {
                throw new InvalidTelemetryException(field, "must be a string, got " + kind(other));
            }
            if (text == null) {
                throw new InvalidTelemetryException(field, "is required");
            }
            if (!isId(text)) {
                throw new InvalidTelemetryException(field, "\"" + text + "\" must match " + ID.pattern());
            }
            return text;
        }
    }

    /** {@link #ID} without a regex: it runs on three fields of every message. */
    static boolean isId(String s) {
        int n = s.length();
        if (n == 0 || n > 64 || !isAlnum(s.charAt(0))) {
            return false;
        }
        for (int i = 1; i < n; i++) {
            char c = s.charAt(i);
            if (!isAlnum(c) && c != '.' && c != '_' && c != '-') {
                return false;
            }
        }
        return true;
    }

    /** {@link #READING_NAME} without a regex: it runs on every reading. */
    static boolean isReadingName(String s) {
        int n = s.length();
        if (n == 0 || n > 64) {
            return false;
        }
        char c0 = s.charAt(0);
        if (c0 < 'a' || c0 > 'z') {
            return false;
        }
        for (int i = 1; i < n; i++) {
            char c = s.charAt(i);
            if (!(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9') && c != '_') {
                return false;
            }
        }
        return true;
    }

    private static boolean isAlnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private static String kind(TreeNode node) {
        JsonNode n = (JsonNode) node;
        return n.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " " + n;
    }

    public static byte[] encode(Telemetry t) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(160);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("v", t.v());
            g.writeStringField("device", t.device());
            g.writeStringField("site", t.site());
            g.writeStringField("asset", t.asset());
            g.writeNumberField("seq", t.seq());
            g.writeNumberField("ts", t.ts());
            g.writeObjectFieldStart("readings");
            for (Map.Entry<String, Double> e : t.readings().entrySet()) {
                g.writeNumberField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
