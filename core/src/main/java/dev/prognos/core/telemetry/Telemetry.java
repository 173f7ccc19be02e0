package dev.prognos.core.telemetry;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One telemetry message, version 1 (DESIGN.md §3).
 *
 * @param v        payload version, always {@link #VERSION}
 * @param device   device id, unique across the fleet; the Kafka key
 * @param site     site the device belongs to
 * @param asset    asset type, e.g. {@code centrifugal-pump}; selects rules and models
 * @param seq      per-device sequence number, strictly increasing, survives restarts
 * @param ts       event time in epoch milliseconds, taken at the sensor read
 * @param readings readings named with their unit ({@code vib_rms_mm_s}, {@code bearing_temp_c});
 *                 unknown names are kept
 */
public record Telemetry(int v, String device, String site, String asset, long seq, long ts,
                        Map<String, Double> readings) {

    public static final int VERSION = 1;

    public Telemetry {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(asset, "asset");
        // Sorted and unmodifiable: equal readings give equal bytes in every codec.
        readings = java.util.Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(readings, "readings")));
    }

    public static Telemetry of(String device, String site, String asset, long seq, long ts,
                               Map<String, Double> readings) {
        return new Telemetry(VERSION, device, site, asset, seq, ts, readings);
    }

    /** The reading with that name, or NaN when the device did not send it. */
    public double reading(String name) {
        Double value = readings.get(name);
        return value == null ? Double.NaN : value;
    }
}
