package dev.prognos.core.telemetry;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
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
        Telemetry fast = decodeCurrent(bytes);
        return fast != null ? fast : decodeGeneric(bytes);
    }

    /** The single-object header of {@link #SCHEMA}: marker 0xC3 0x01, then its fingerprint, little-endian. */
    private static final byte[] HEADER = header();
    private static final DecoderFactory DECODERS = DecoderFactory.get();

    /**
     * The fast path, for values written with {@link #SCHEMA} (all of them today): the fields read in
     * schema order straight from the bytes, without a generic record, Utf8 keys or an intermediate map
     * (the stream job decodes every reading here). Null when the header is another schema's or the
     * body does not read cleanly to its end: then {@link #decodeGeneric} decides, with its errors.
     */
    private static Telemetry decodeCurrent(byte[] bytes) {
        if (bytes == null || bytes.length <= HEADER.length
                || !Arrays.equals(bytes, 0, HEADER.length, HEADER, 0, HEADER.length)) {
            return null;
        }
        try {
            BinaryDecoder in = DECODERS.binaryDecoder(bytes, HEADER.length, bytes.length - HEADER.length, null);
            int v = in.readInt();
            String device = in.readString();
            String site = in.readString();
            String asset = in.readString();
            long seq = in.readLong();
            long ts = in.readLong();
            Map<String, Double> readings = new TreeMap<>();
            for (long n = in.readMapStart(); n != 0; n = in.mapNext()) {
                for (long i = 0; i < n; i++) {
                    readings.put(in.readString(), in.readDouble());
                }
            }
            return in.isEnd() ? new Telemetry(v, device, site, asset, seq, ts, readings) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static byte[] header() {
        long fingerprint = SchemaNormalization.parsingFingerprint64(SCHEMA);
        byte[] h = new byte[10];
        h[0] = (byte) 0xC3;
        h[1] = (byte) 0x01;
        for (int i = 0; i < 8; i++) {
            h[2 + i] = (byte) (fingerprint >>> (8 * i));
        }
        return h;
    }

    /** Avro's generic single-object decoder: any schema it knows, and its errors for what it refuses. */
    static Telemetry decodeGeneric(byte[] bytes) {
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
