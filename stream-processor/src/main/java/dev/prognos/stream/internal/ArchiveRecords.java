package dev.prognos.stream.internal;

import dev.prognos.core.features.window.WindowFeatures;
import dev.prognos.stream.DeviceHealth;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * One archive row per {@link DeviceHealth}: the device, its window (epoch ms, UTC), whether it was
 * computed from late readings, and per reading name the window's features in the reading's unit.
 * The trainer reads these columns by name (model-trainer's {@code ArchiveReader}).
 */
public final class ArchiveRecords {

    public static final String DEVICE = "device";
    public static final String SITE = "site";
    public static final String ASSET = "asset";
    public static final String WINDOW_START_MS = "window_start_ms";
    public static final String WINDOW_END_MS = "window_end_ms";
    public static final String RETROACTIVE = "retroactive";
    /** Map from reading name to {count, mean, std, min, max, slope (unit/s)}. */
    public static final String FEATURES = "features";

    /** The window features of one reading, as {@link WindowFeatures}. */
    public static final Schema STATS = SchemaBuilder.record("WindowStats").namespace("dev.prognos.archive").fields()
            .requiredLong("count")
            .requiredDouble("mean")
            .requiredDouble("std")
            .requiredDouble("min")
            .requiredDouble("max")
            .requiredDouble("slope")
            .endRecord();

    public static final Schema SCHEMA = SchemaBuilder.record("HealthWindow").namespace("dev.prognos.archive").fields()
            .requiredString(DEVICE)
            .requiredString(SITE)
            .requiredString(ASSET)
            .requiredLong(WINDOW_START_MS)
            .requiredLong(WINDOW_END_MS)
            .requiredBoolean(RETROACTIVE)
            .name(FEATURES).type().map().values(STATS).noDefault()
            .endRecord();

    private ArchiveRecords() {
    }

    public static GenericRecord toRecord(DeviceHealth h) {
        GenericRecord r = new GenericData.Record(SCHEMA);
        r.put(DEVICE, h.device());
        r.put(SITE, h.site());
        r.put(ASSET, h.asset());
        r.put(WINDOW_START_MS, h.windowStart());
        r.put(WINDOW_END_MS, h.windowEnd());
        r.put(RETROACTIVE, h.retroactive());
        Map<String, GenericRecord> features = new TreeMap<>();
        for (Map.Entry<String, WindowFeatures> e : h.features().entrySet()) {
            WindowFeatures f = e.getValue();
            GenericRecord s = new GenericData.Record(STATS);
            s.put("count", f.count());
            s.put("mean", f.mean());
            s.put("std", f.std());
            s.put("min", f.min());
            s.put("max", f.max());
            s.put("slope", f.slope());
            features.put(e.getKey(), s);
        }
        r.put(FEATURES, features);
        return r;
    }
}
