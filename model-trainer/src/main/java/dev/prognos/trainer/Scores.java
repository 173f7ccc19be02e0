package dev.prognos.trainer;

/** The figures C-MAPSS papers report. */
final class Scores {

    /** Target cap of the literature, in cycles: RUL above it is taken as 125 ("healthy"). */
    static final double CAP = 125;

    private Scores() {
    }

    static double rmse(double[] predicted, double[] truth) {
        double s = 0;
        for (int i = 0; i < truth.length; i++) {
            double d = predicted[i] - truth[i];
            s += d * d;
        }
        return Math.sqrt(s / truth.length);
    }

    /**
     * PHM08 challenge score (Saxena et al. 2008): Σ e^(−d/13) − 1 for early predictions (d &lt; 0) and
     * e^(d/10) − 1 for late ones, d = predicted − true RUL in cycles. Lower is better; late costs more.
     */
    static double phm08(double[] predicted, double[] truth) {
        double s = 0;
        for (int i = 0; i < truth.length; i++) {
            double d = predicted[i] - truth[i];
            s += d < 0 ? Math.exp(-d / 13) - 1 : Math.exp(d / 10) - 1;
        }
        return s;
    }

    static double[] capped(double[] truth) {
        double[] c = new double[truth.length];
        for (int i = 0; i < truth.length; i++) {
            c[i] = Math.min(truth[i], CAP);
        }
        return c;
    }

    /**
     * The probability threshold with the best F1 (ties: the lower threshold), tried at 0.05, 0.10, ..., 0.95.
     *
     * @param scored pairs {probability, label 0 or 1}
     * @return {threshold, precision, recall} at it
     */
    static double[] bestF1Threshold(java.util.List<double[]> scored) {
        double[] best = {0.5, Double.NaN, Double.NaN};
        double bestF1 = -1;
        for (int k = 1; k <= 19; k++) {
            double t = k / 20.0;
            long tp = 0;
            long fp = 0;
            long fn = 0;
            for (double[] s : scored) {
                boolean said = s[0] >= t;
                boolean actual = s[1] > 0.5;
                tp += said && actual ? 1 : 0;
                fp += said && !actual ? 1 : 0;
                fn += !said && actual ? 1 : 0;
            }
            double precision = tp + fp == 0 ? 0 : (double) tp / (tp + fp);
            double recall = tp + fn == 0 ? 0 : (double) tp / (tp + fn);
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            if (f1 > bestF1) {
                bestF1 = f1;
                best = new double[] {t, precision, recall};
            }
        }
        return best;
    }
}
