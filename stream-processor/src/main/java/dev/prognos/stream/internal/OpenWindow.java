package dev.prognos.stream.internal;

import dev.prognos.core.features.window.RunningStats;
import java.util.HashMap;
import java.util.Map;

/**
 * Keyed state of {@link dev.prognos.stream.DeviceDetector}: one device's window still collecting
 * readings (the newest in {@link DeviceInput#open}, older ones in the detector's window map). A
 * Flink POJO (public fields, no-argument constructor).
 */
public final class OpenWindow {
    /** Window start, epoch ms (inclusive). Not in checkpoints taken before it existed: there the window map's key. */
    public long start;
    public String site;
    public String asset;
    /** Newest event time in the window, epoch ms: the time alerts of this window carry. */
    public long maxTs = Long.MIN_VALUE;
    /** Highest seq in the window: the seq alerts of this window carry. */
    public long maxSeq = Long.MIN_VALUE;
    /** Opened by a reading that came after the window had already closed. */
    public boolean late;
    /** Per reading name. */
    public Map<String, RunningStats> stats = new HashMap<>();

    public OpenWindow() {
    }
}
