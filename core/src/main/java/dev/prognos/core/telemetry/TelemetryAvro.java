package dev.prognos.core.telemetry;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;

/**
 * The Avro codec for {@link dev.prognos.core.Topics#TELEMETRY}. Uses Avro's single-object
 * encoding: each value starts with a marker and the schema's 64-bit fingerprint, so a consumer
 * can tell a value from another schema (or another format) instead of misreading it, and a later
 * schema version can be added to the decoder without a registry. Thread-safe.
 */
public final class TelemetryAvro {

    public static final String SCHEMA_RESOURCE = "/dev/prognos/core/telemetry/telemetry.avsc";
    public static final Schema SCHEMA = loadSchema();

    private static final BinaryMessageEncoder<GenericRecord> ENCODER =
            new BinaryMessageEncoder<>(GenericData.get(), SCHEMA);
    private static final BinaryMessageDecoder<GenericRecord> DECODER =
            new BinaryMessageDecoder<>(GenericData.get(), SCHEMA);

    private TelemetryAvro() {
    }

    public static byte[] encode(Telemetry t) {
        GenericRecord r = new GenericData.Record(SCHEMA);
        r.put("v", t.v());
        r.put("device", t.device());
        r.put("site", t.site());
        r.put("asset", t.asset());
        r.put("seq", t.seq());
        r.put("ts", t.ts());
        r.put("readings", t.readings());
        try {
            return ENCODER.encode(r).array();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @throws IllegalArgumentException when the bytes are not telemetry in a known schema
     */
    public static Telemetry decode(byte[] bytes) {
        GenericRecord r;
        try {
            r = DECODER.decode(bytes);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not Prognos telemetry Avro: " + e.getMessage(), e);
        }
        @SuppressWarnings("unchecked")
        Map<CharSequence, Double> raw = (Map<CharSequence, Double>) r.get("readings");
        Map<String, Double> readings = new HashMap<>(raw.size() * 2);
        raw.forEach((k, val) -> readings.put(k.toString(), val));
        return new Telemetry((Integer) r.get("v"), r.get("device").toString(), r.get("site").toString(),
                r.get("asset").toString(), (Long) r.get("seq"), (Long) r.get("ts"), readings);
    }

    private static Schema loadSchema() {
        try (InputStream in = TelemetryAvro.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + SCHEMA_RESOURCE);
            }
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
