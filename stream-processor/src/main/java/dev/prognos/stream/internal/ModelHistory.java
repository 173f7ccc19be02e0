package dev.prognos.stream.internal;

import java.util.HashMap;
import java.util.Map;

/**
 * Keyed state of {@link dev.prognos.stream.DeviceDetector}: a device's last on-time windows as the
 * model's samples (each reading's window mean at the window's end), oldest first, at most the
 * configured number; and how many windows the device has had in all (the model's {@code age}).
 * Arrays rather than lists: Flink serializes them without Kryo. A Flink POJO.
 */
public final class ModelHistory {
    /** On-time windows seen since the device's first, the current one included. */
    public long seen;
    /** Window ends, epoch ms, oldest first. */
    public long[] ends = new long[0];
    /** Per reading name, its window means aligned with {@link #ends} (NaN where the window had none). */
    public Map<String, double[]> means = new HashMap<>();

    public ModelHistory() {
    }
}
