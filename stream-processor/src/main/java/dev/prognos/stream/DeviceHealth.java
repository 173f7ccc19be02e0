package dev.prognos.stream;

import dev.prognos.core.features.window.WindowFeatures;
import java.util.Map;

/**
 * One device's health for one window, on {@code prognos.health} (JSON, key = device) and in InfluxDB.
 *
 * @param device        device id
 * @param site          its site
 * @param asset         its asset type
 * @param windowStart   window start, epoch ms (inclusive)
 * @param windowEnd     window end, epoch ms (exclusive)
 * @param retroactive   computed from readings that arrived after the window had closed
 * @param features      per reading name: count, mean, std, min, max (reading's unit), slope (unit/s)
 * @param isoZone       ISO 10816-3 zone (A-D) of the window's mean RMS velocity, or "" without it
 * @param zScores       per reading: robust z-score of the window mean against the device's baseline
 * @param cusum         per reading: CUSUM statistic, in standard deviations
 * @param baselineReady the warm-up is over and the baseline scores are present
 * @param openAlerts    alerts of the device open (or acknowledged) after this window
 * @param modelVersion  version of the asset's model that scored this window; 0 when none did
 *                      (no model deployed, or a retroactive window)
 * @param rul           the model's remaining useful life, in its output's unit; NaN without it
 * @param failureProbability the model's failure probability (0 to 1); NaN without it
 */
public record DeviceHealth(String device, String site, String asset, long windowStart, long windowEnd,
                           boolean retroactive, Map<String, WindowFeatures> features, String isoZone,
                           Map<String, Double> zScores, Map<String, Double> cusum, boolean baselineReady,
                           int openAlerts, long modelVersion, double rul, double failureProbability) {
}
