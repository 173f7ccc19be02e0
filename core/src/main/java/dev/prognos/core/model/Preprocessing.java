package dev.prognos.core.model;

/**
 * Normalisation per operating condition: the operating settings pick the nearest condition
 * centroid (Euclidean distance after dividing each setting by its scale), and each input is then
 * standardised with that condition's training mean and standard deviation:
 * {@code (raw − mean[c][i]) / std[c][i]}. One condition with zero settings is plain z-scoring.
 *
 * @param settingScale per setting, the divisor applied before distances (its unit); length = settings
 * @param centroids    per condition, the settings' centre (in setting units, unscaled)
 * @param mean         per condition, per input: training mean, in the input's unit
 * @param std          per condition, per input: training standard deviation, in the input's unit; above 0
 */
public record Preprocessing(double[] settingScale, double[][] centroids, double[][] mean, double[][] std) {

    public Preprocessing {
        if (centroids.length == 0 || mean.length != centroids.length || std.length != centroids.length) {
            throw new IllegalArgumentException("preprocessing: need at least one condition, and mean and std for each ("
                    + centroids.length + " centroids, " + mean.length + " means, " + std.length + " stds)");
        }
        for (int c = 0; c < centroids.length; c++) {
            if (centroids[c].length != settingScale.length) {
                throw new IllegalArgumentException("preprocessing: centroid " + c + " has " + centroids[c].length
                        + " settings, settingScale has " + settingScale.length);
            }
            if (mean[c].length != std[c].length || mean[c].length != mean[0].length) {
                throw new IllegalArgumentException("preprocessing: condition " + c + " mean/std lengths differ");
            }
            for (double s : std[c]) {
                if (!(s > 0)) {
                    throw new IllegalArgumentException("preprocessing: condition " + c + " has a std that is not above 0: " + s);
                }
            }
        }
        for (double s : settingScale) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("preprocessing: settingScale must be above 0, got " + s);
            }
        }
    }

    public int conditionCount() {
        return centroids.length;
    }

    /** Index of the nearest condition to these settings (0 when there are no settings). */
    public int condition(double[] settings) {
        int best = 0;
        double bestD = Double.POSITIVE_INFINITY;
        for (int c = 0; c < centroids.length; c++) {
            double d = 0;
            for (int k = 0; k < settingScale.length; k++) {
                double x = (settings[k] - centroids[c][k]) / settingScale[k];
                d += x * x;
            }
            if (d < bestD) {
                bestD = d;
                best = c;
            }
        }
        return best;
    }

    /** Standardises {@code raw} (one value per input) for condition {@code c} into {@code out}. */
    public void normalise(int c, double[] raw, double[] out) {
        double[] m = mean[c];
        double[] s = std[c];
        for (int i = 0; i < m.length; i++) {
            out[i] = (raw[i] - m[i]) / s[i];
        }
    }
}
