package dev.prognos.stream.internal;

import dev.prognos.core.features.window.Cusum;
import java.util.HashMap;
import java.util.Map;

/**
 * Keyed state of {@link dev.prognos.stream.DeviceDetector}: a device's baseline. During the
 * warm-up it keeps each reading's window means; then median and MAD are computed once and the
 * samples dropped. A Flink POJO.
 */
public final class Baseline {
    /** On-time windows seen during the warm-up. */
    public int windows;
    public boolean ready;
    /** Warm-up window means per reading (an array: Flink has no built-in serializer for a map of lists); empty once ready. */
    public Map<String, double[]> warmup = new HashMap<>();
    public Map<String, Double> median = new HashMap<>();
    public Map<String, Double> mad = new HashMap<>();
    public Map<String, Cusum> cusum = new HashMap<>();

    public Baseline() {
    }
}
