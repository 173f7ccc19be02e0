package dev.prognos.core.telemetry;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The telemetry JSON codec, version 1. Decoding checks every rule of
 * {@code telemetry-v1.schema.json} (kept in step by a test that runs both on the same cases)
 * and names the field that broke it. Unknown top-level fields are ignored, unknown reading
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

    private static final ObjectMapper MAPPER = new ObjectMapper();
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
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidTelemetryException(null, "not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidTelemetryException(null, "must be a JSON object");
        }
        return decode((ObjectNode) root);
    }

    private static Telemetry decode(ObjectNode root) {
        JsonNode v = required(root, "v");
        if (!v.isIntegralNumber() || v.asLong() != Telemetry.VERSION) {
            throw new InvalidTelemetryException("v", "unsupported version " + v + ", expected " + Telemetry.VERSION);
        }
        String device = id(root, "device");
        String site = id(root, "site");
        String asset = id(root, "asset");
        long seq = nonNegativeLong(root, "seq");
        long ts = nonNegativeLong(root, "ts");
        JsonNode readingsNode = required(root, "readings");
        if (!readingsNode.isObject()) {
            throw new InvalidTelemetryException("readings", "must be an object of name to number, got " + kind(readingsNode));
        }
        if (readingsNode.isEmpty()) {
            throw new InvalidTelemetryException("readings", "must hold at least one reading");
        }
        Map<String, Double> readings = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = readingsNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String path = "readings." + e.getKey();
            if (!READING_NAME.matcher(e.getKey()).matches()) {
                throw new InvalidTelemetryException(path, "name must match " + READING_NAME.pattern());
            }
            JsonNode value = e.getValue();
            if (!value.isNumber()) {
                throw new InvalidTelemetryException(path, "must be a number, got " + kind(value));
            }
            double d = value.doubleValue();
            if (!Double.isFinite(d)) {
                throw new InvalidTelemetryException(path, "must be finite, got " + value);
            }
            readings.put(e.getKey(), d);
        }
        return new Telemetry(Telemetry.VERSION, device, site, asset, seq, ts, readings);
    }

    private static JsonNode required(ObjectNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            throw new InvalidTelemetryException(field, "is required");
        }
        return node;
    }

    private static String id(ObjectNode root, String field) {
        JsonNode node = required(root, field);
        if (!node.isTextual()) {
            throw new InvalidTelemetryException(field, "must be a string, got " + kind(node));
        }
        String text = node.textValue();
        if (!ID.matcher(text).matches()) {
            throw new InvalidTelemetryException(field, "\"" + text + "\" must match " + ID.pattern());
        }
        return text;
    }

    private static long nonNegativeLong(ObjectNode root, String field) {
        JsonNode node = required(root, field);
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < 0) {
            throw new InvalidTelemetryException(field, "must be an integer >= 0, got " + node);
        }
        return node.longValue();
    }

    private static String kind(JsonNode node) {
        return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " " + node;
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
