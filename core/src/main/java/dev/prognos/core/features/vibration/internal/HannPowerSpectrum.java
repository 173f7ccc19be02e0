package dev.prognos.core.features.vibration.internal;

import org.jtransforms.fft.DoubleFFT_1D;

import java.util.Arrays;

/**
 * One-sided power spectrum of a real signal of fixed length, through a periodic Hann window and
 * JTransforms' real FFT, scaled so that each line holds the mean square of the signal it explains:
 * the lines of a signal sum to its mean square (Parseval), in the signal's unit squared.
 *
 * <p>Why a window: a burst rarely holds a whole number of periods, and without one the energy of a
 * strong line leaks into every other line with a 1/f tail (6 dB/octave). For velocity, which
 * divides by 2πf, leakage from below the band would be amplified. Hann's side lobes fall at
 * 18 dB/octave, and its main lobe spreads each line over ±2 bins of the signal's length. The window
 * removes energy (its mean square is 3/8); dividing by the window's actual mean square restores it
 * ("energy correction"), which is the right correction for RMS over a band and for broadband noise.
 *
 * <p>Any length works: the windowed signal is zero-padded to the next power of two (1,000 → 1,024,
 * 10,000 → 16,384), whose transform JTransforms computes in place by split radix. Padding only
 * interpolates the spectrum (lines {@code sampleRate / fftSize()} apart instead of
 * {@code sampleRate / n}); the energy is the same, and the scale below divides by the padded size.
 * Why pad: JTransforms' mixed-radix path for other lengths (10,000 = 2⁴·5⁴) allocates a scratch
 * array of the signal's length per transform (80 KB per 10 kHz burst, measured by JMH's GC
 * profiler), where split radix works in place; in thread CPU time the two cost about the same
 * (10,000 mixed radix ≈ 83 µs, 16,384 split radix ≈ 92 µs; 1,000 ≈ 9 µs, 1,024 ≈ 4.5 µs; see
 * BENCHMARKS.md, "Edge features"). This class allocates nothing after construction; JTransforms
 * itself splits transforms of 8,192 points and more over its thread pool, which costs a few hundred
 * bytes of task objects per transform unless the application sets that pool to one thread
 * ({@code BurstFeatureExtractor.computeOnCallingThread()}). Not
 * thread-safe: one per thread.
 */
public final class HannPowerSpectrum {

    private final int n;
    private final int fftSize;
    private final double[] window;
    private final double[] buffer;
    /** Mean square per line k = 0 .. fftSize/2, in the signal's unit², at k × sampleRate / fftSize Hz. */
    private final double[] meanSquare;
    /** 1 / (fftSize × Σ w²): turns |X_k|² into mean square of the unwindowed signal. */
    private final double scale;
    private final DoubleFFT_1D fft;

    /** @param n samples per signal, at least 4 */
    public HannPowerSpectrum(int n) {
        if (n < 4) {
            throw new IllegalArgumentException("spectrum length must be at least 4 samples, got " + n);
        }
        if (n > 1 << 29) {
            throw new IllegalArgumentException("spectrum length must be at most 2^29 samples, got " + n);
        }
        this.n = n;
        this.fftSize = Integer.bitCount(n) == 1 ? n : Integer.highestOneBit(n) << 1;
        this.window = new double[n];
        double sumSquares = 0;
        for (int i = 0; i < n; i++) {
            // Periodic Hann (the DFT-even form) over the n samples.
            window[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / n);
            sumSquares += window[i] * window[i];
        }
        // Parseval over the padded transform: Σ|X_k|² = fftSize × Σ (x·w)².
        this.scale = 1.0 / (fftSize * sumSquares);
        this.buffer = new double[fftSize];
        this.meanSquare = new double[fftSize / 2 + 1];
        this.fft = new DoubleFFT_1D(fftSize);
    }

    /** Number of lines: fftSize / 2 + 1, from 0 Hz to the Nyquist frequency. */
    public int lines() {
        return meanSquare.length;
    }

    /** Points of the transform: the signal's length rounded up to a power of two. */
    public int fftSize() {
        return fftSize;
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
        Arrays.fill(buffer, n, fftSize, 0.0);
        fft.realForward(buffer);
        // JTransforms' packed layout for an even size: a[2k] = Re[k], a[2k+1] = Im[k] for
        // 0 < k < size/2; a[0] = Re[0] and a[1] = Re[size/2] (both real).
        meanSquare[0] = buffer[0] * buffer[0] * scale;
        int half = fftSize / 2;
        for (int k = 1; k < half; k++) {
            double re = buffer[2 * k];
            double im = buffer[2 * k + 1];
            // Doubled: the line stands for itself and its mirror at negative frequency.
            meanSquare[k] = 2 * (re * re + im * im) * scale;
        }
        // The Nyquist line has no mirror image: not doubled.
        meanSquare[half] = buffer[1] * buffer[1] * scale;
        return meanSquare;
    }
}
