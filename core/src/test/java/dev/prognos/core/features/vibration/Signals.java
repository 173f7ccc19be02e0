package dev.prognos.core.features.vibration;

import java.util.Random;

/** Test bursts with known content, in m/s². */
final class Signals {

    private Signals() {
    }

    /** {@code amplitude · sin(2π f t + phase)} sampled at {@code rateHz}. */
    static double[] sine(double amplitude, double frequencyHz, double rateHz, int n, double phase) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = amplitude * Math.sin(2 * Math.PI * frequencyHz * i / rateHz + phase);
        }
        return x;
    }

    static double[] sine(double amplitude, double frequencyHz, double rateHz, int n) {
        return sine(amplitude, frequencyHz, rateHz, n, 0.3);
    }

    /** Zero-mean Gaussian noise of standard deviation {@code sigma}, reproducible by seed. */
    static double[] gaussian(double sigma, int n, long seed) {
        Random random = new Random(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = sigma * random.nextGaussian();
        }
        return x;
    }

    /** Element-wise sum of bursts of equal length. */
    static double[] plus(double[]... parts) {
        double[] x = new double[parts[0].length];
        for (double[] part : parts) {
            for (int i = 0; i < x.length; i++) {
                x[i] += part[i];
            }
        }
        return x;
    }

    static double[] constant(double value, int n) {
        double[] x = new double[n];
        java.util.Arrays.fill(x, value);
        return x;
    }
}
