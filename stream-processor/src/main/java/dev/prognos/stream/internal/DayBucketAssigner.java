package dev.prognos.stream.internal;

import dev.prognos.stream.DeviceHealth;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;

/**
 * The archive's directory of a health record: {@code dt=YYYY-MM-DD}, the UTC day of its window's
 * start (event time, not the time it was processed), so a late window lands with its day and a
 * reader can prune days by directory name (Hive-style, as Spark partitions).
 */
public final class DayBucketAssigner implements BucketAssigner<DeviceHealth, String> {

    private static final long serialVersionUID = 1L;
    public static final String PARTITION = "dt";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    @Override
    public String getBucketId(DeviceHealth h, Context context) {
        return bucketOf(h.windowStart());
    }

    public static String bucketOf(long epochMs) {
        return PARTITION + "=" + DAY.format(Instant.ofEpochMilli(epochMs));
    }

    @Override
    public SimpleVersionedSerializer<String> getSerializer() {
        return SimpleVersionedStringSerializer.INSTANCE;
    }
}
