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
}
