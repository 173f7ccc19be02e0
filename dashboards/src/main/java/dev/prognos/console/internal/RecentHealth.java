package dev.prognos.console.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last few health windows per device, in memory, for the live chart of the device page
 * (history beyond it comes from InfluxDB). Lost on restart, refilled as windows arrive.
 */
public final class RecentHealth {

    private final int perDevice;
    private final Map<String, Deque<String>> windows = new ConcurrentHashMap<>();

    public RecentHealth(int perDevice) {
        if (perDevice < 1) {
            throw new IllegalArgumentException("recent windows per device must be >= 1, got " + perDevice);
        }
        this.perDevice = perDevice;
    }

    /** Adds one window's JSON (the stream processor's DeviceHealth). */
    public void add(String device, String json) {
        Deque<String> d = windows.computeIfAbsent(device, k -> new ArrayDeque<>());
        synchronized (d) {
            d.addLast(json);
            while (d.size() > perDevice) {
                d.removeFirst();
            }
        }
    }

    /** Oldest first. */
    public List<String> of(String device) {
        Deque<String> d = windows.get(device);
        if (d == null) {
            return List.of();
        }
        synchronized (d) {
            return new ArrayList<>(d);
        }
    }
}
