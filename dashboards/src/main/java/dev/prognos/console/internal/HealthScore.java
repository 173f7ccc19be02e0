package dev.prognos.console.internal;

/**
 * One figure per device for the fleet view, 0 (failing) to 100 (healthy), from the latest health
 * window of the stream processor: the lower of the ISO 10816-3 zone score (A 100, B 80, C 50,
 * D 20) and the baseline score, which is 100 while the largest robust |z| of the window means is
 * at most 3 and falls by 10 per unit of |z| above that (0 at |z| = 13).
 */
public final class HealthScore {

    private HealthScore() {
    }

    /**
     * @param isoZone  "A".."D", or null/empty when the device has no vibration velocity
     * @param maxAbsZ  largest |z| of the window, NaN before the baseline is ready
     */
    public static double of(String isoZone, double maxAbsZ) {
        double zone = switch (isoZone == null ? "" : isoZone) {
            case "A" -> 100;
            case "B" -> 80;
            case "C" -> 50;
            case "D" -> 20;
            default -> 100;
        };
        double baseline = Double.isNaN(maxAbsZ) ? 100 : Math.max(0, Math.min(100, 100 - 10 * (maxAbsZ - 3)));
        return Math.min(zone, baseline);
    }
}
