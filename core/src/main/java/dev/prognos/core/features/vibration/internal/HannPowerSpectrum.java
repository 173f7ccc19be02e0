package dev.prognos.core.features.vibration.internal;

import org.jtransforms.fft.DoubleFFT_1D;

/**
 * One-sided power spectrum of a real signal of fixed length, through a periodic Hann window and
 * JTransforms' real FFT, scaled so that each line holds the mean square of the signal it explains:
 * the lines of a signal sum to its mean square (Parseval), in the signal's unit squared.
 *
 * <p>Why a window: a burst rarely holds a whole number of periods, and without one the energy of a
 * strong line leaks into every other line with a 1/f tail (6 dB/octave). For velocity, which
 * divides by 2πf, leakage from below the band would be amplified. Hann's side lobes fall at
 * 18 dB/octave, and its main lobe spreads each line over ±2 bins. The window removes energy
 * (its mean square is 3/8); dividing by the window's actual mean square restores it ("energy
 * correction"), which is the right correction for RMS over a band and for broadband noise.
 *
 * <p>Any length works: JTransforms transforms powers of two in place (split radix), lengths of
 * the form 2^a·3^b·5^c (1000, 10000) by mixed radix, which allocates one scratch array of the
 * signal's length per transform inside JTransforms, and other lengths by Bluestein's algorithm.
 * This class itself allocates nothing after construction. Not thread-safe: one per thread.
 */
public final class HannPowerSpectrum {

    private final int n;
    private final double[] window;
    private final double[] buffer;
    /** Mean square per line k = 0 .. n/2, in the signal's unit², at k × sampleRate / n Hz. */
    private final double[] meanSquare;
    /** 1 / (n × Σ w²): turns |X_k|² into mean square of the unwindowed signal. */
    private final double scale;
    private final DoubleFFT_1D fft;

    public HannPowerSpectrum(int n) {
        if (n < 4) {
            throw new IllegalArgumentException("spectrum length must be at least 4 samples, got " + n);
        }
        this.n = n;
        this.window = new double[n];
        double sumSquares = 0;
        for (int i = 0; i < n; i++) {
            // Periodic Hann (the DFT-even form): its lines fall exactly on the FFT's bins.
            window[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / n);
            sumSquares += window[i] * window[i];
        }
        this.scale = 1.0 / (n * sumSquares);
        this.buffer = new double[n];
        this.meanSquare = new double[n / 2 + 1];
        this.fft = new DoubleFFT_1D(n);
    }

    /** Number of lines: n / 2 + 1, from 0 Hz to the Nyquist frequency. */
    public int lines() {
        return meanSquare.length;
    }

    /**
     * Computes the spectrum of {@code signal − offset}.
     *
     * @param signal n samples (not modified)
     * @param offset subtracted from every sample before windowing (the signal's mean)
     * @return the mean square per line, owned by this object and overwritten by the next call
     */
    public double[] compute(double[] signal, double offset) {
        for (int i = 0; i < n; i++) {
            buffer[i] = (signal[i] - offset) * window[i];
        }
        fft.realForward(buffer);
        // JTransforms' packed layout: a[2k] = Re[k], a[2k+1] = Im[k] for 0 < k < n/2; a[0] = Re[0];
        // n even: a[1] = Re[n/2]; n odd: a[1] = Im[(n-1)/2] and a[n-1] = Re[(n-1)/2].
        meanSquare[0] = buffer[0] * buffer[0] * scale;
        int half = n / 2;
        if (n % 2 == 0) {
            for (int k = 1; k < half; k++) {
                double re = buffer[2 * k];
                double im = buffer[2 * k + 1];
                meanSquare[k] = 2 * (re * re + im * im) * scale;
            }
            // The Nyquist line has no mirror image: not doubled.
            meanSquare[half] = buffer[1] * buffer[1] * scale;
        } else {
            for (int k = 1; k < half; k++) {
                double re = buffer[2 * k];
                double im = buffer[2 * k + 1];
                meanSquare[k] = 2 * (re * re + im * im) * scale;
            }
            double re = buffer[n - 1];
            double im = buffer[1];
            meanSquare[half] = 2 * (re * re + im * im) * scale;
        }
        return meanSquare;
    }
}
