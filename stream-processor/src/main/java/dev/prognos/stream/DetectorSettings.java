package dev.prognos.stream;

import java.io.Serializable;
import java.util.Map;

/**
 * What the detectors of {@link DeviceDetector} need, taken from {@link StreamJobOptions} (where
 * each value is documented and validated).
 *
 * @param windowMs       tumbling event-time window, ms
 * @param holdMs         an alert resolves after its condition stayed clear this long, ms of event time
 * @param clearRatio     hysteresis: an open condition clears only below its limit × this ratio
 * @param maxOpenAlerts  at most this many open alerts per device; more are suppressed and counted
 * @param warmupWindows  windows the baseline learns from before z-scores and CUSUM start
 * @param zThreshold     |z| at or above this is a deviation, in standard deviations
 * @param cusumK         CUSUM allowance per window, in standard deviations
 * @param cusumH         CUSUM decision interval, in standard deviations
 * @param minSpreadRatio the baseline's spread is at least this fraction of its median
 * @param defaultZones   ISO 10816-3 class of assets not in {@code zonesByAsset}
 * @param zonesByAsset   ISO 10816-3 class per asset type
 */
public record DetectorSettings(long windowMs, long holdMs, double clearRatio, int maxOpenAlerts, int warmupWindows,
                               double zThreshold, double cusumK, double cusumH, double minSpreadRatio,
                               IsoVibrationZones defaultZones, Map<String, IsoVibrationZones> zonesByAsset)
        implements Serializable {

    public DetectorSettings {
        zonesByAsset = Map.copyOf(zonesByAsset);
    }

    public IsoVibrationZones zonesFor(String asset) {
        return zonesByAsset.getOrDefault(asset, defaultZones);
    }
}
