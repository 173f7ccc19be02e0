package dev.prognos.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;

/**
 * JSON codec of {@link ModelArtifact} and its canonical bytes, the bytes that are signed and
 * hashed. Canonical form (FORMAT.md): the document is parsed with every fractional number kept
 * as the exact decimal written in the text (no binary rounding), duplicate keys refused; then
 * written in UTF-8 without whitespace, object keys sorted by Java's {@code String.compareTo}
 * (UTF-16 code units), array order kept, integers in plain decimal, fractional numbers as
 * {@code BigDecimal.toString()}, strings with JSON's minimal escapes, and for the signed bytes the
 * top-level {@code signature} member removed. It depends only on the document's text, so signer
 * and verifier agree on any JDK. Thread-safe.
 */
public final class ModelJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(SerializationFeature.INDENT_OUTPUT, false)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    /** Parses to a tree for canonicalisation: exact decimals, duplicate keys refused. */
    private static final ObjectMapper TREE = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private static final JsonFactory FACTORY = new JsonFactory();

    private ModelJson() {
    }

    /** The artifact as compact JSON, UTF-8. */
    public static byte[] write(ModelArtifact artifact) {
        try {
            return MAPPER.writeValueAsBytes(artifact);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The artifact as indented JSON for people, UTF-8; its canonical bytes equal {@link #write}'s. */
    public static byte[] writePretty(ModelArtifact artifact) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(artifact);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads an artifact without checking its signature: use {@link ModelVerifier} for anything
     * that came from outside.
     *
     * @throws IllegalArgumentException naming what is wrong when the bytes are not a valid artifact
     */
    public static ModelArtifact read(byte[] json) {
        try {
            return MAPPER.readValue(json, ModelArtifact.class);
        } catch (IOException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            String msg = root instanceof IllegalArgumentException ? root.getMessage() : e.getMessage();
            throw new IllegalArgumentException("not a Prognos model artifact: " + msg, e);
        }
    }

    /** Parses JSON text into the tree canonicalisation works on. */
    static JsonNode parseTree(byte[] json) throws IOException {
        JsonNode node = TREE.readTree(json);
        if (node == null) {
            throw new IOException("empty document");
        }
        return node;
    }

    /** Any value (record, map) as the tree its JSON text parses to. */
    static JsonNode toTree(Object value) {
        try {
            return parseTree(MAPPER.writeValueAsBytes(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bytes that are signed: the canonical form of the document without its top-level signature. */
    public static byte[] signedBytes(byte[] json) throws IOException {
        JsonNode node = parseTree(json);
        if (!node.isObject()) {
            throw new IOException("the document is not a JSON object");
        }
        ((ObjectNode) node).remove("signature");
        return canonicalBytes(node);
    }

    /** The canonical bytes of a tree (see the class comment). */
    public static byte[] canonicalBytes(JsonNode node) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            writeCanonical(g, node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writeCanonical(JsonGenerator g, JsonNode node) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                List<String> names = new ArrayList<>();
                for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                    names.add(it.next());
                }
                names.sort(String::compareTo);
                g.writeStartObject();
                for (String name : names) {
                    g.writeFieldName(name);
                    writeCanonical(g, node.get(name));
                }
                g.writeEndObject();
            }
            case ARRAY -> {
                g.writeStartArray();
                for (JsonNode child : node) {
                    writeCanonical(g, child);
                }
                g.writeEndArray();
            }
            case NUMBER -> {
                if (node.isIntegralNumber()) {
                    g.writeNumber(node.bigIntegerValue());
                } else {
                    g.writeNumber(node.decimalValue().toString());
                }
            }
            case STRING -> g.writeString(node.textValue());
            case BOOLEAN -> g.writeBoolean(node.booleanValue());
            case NULL -> g.writeNull();
            default -> throw new IOException("cannot canonicalise a " + node.getNodeType() + " node");
        }
    }

    /** SHA-256 of the bytes, lower-case hex. */
    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
