package dev.prognos.core.features.vibration;

import dev.prognos.core.features.vibration.internal.HannPowerSpectrum;
import pl.edu.icm.jlargearrays.ConcurrencyUtils;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Reduces one burst of acceleration samples (m/s², for example 1 s at 1 kHz or 10 kHz from an
 * accelerometer axis) to its vibration features: the same code on the device, in the simulators
 * and in the cloud, so a model sees the same numbers in training and in service.
 *
 * <ul>
 *   <li>RMS velocity, mm/s, over the ISO 10816 band (10–1000 Hz by default), integrated in the
 *       frequency domain: the Hann-windowed spectrum of the acceleration, each line divided by
 *       (2πf)² (velocity = acceleration / 2πf for a sinusoid), summed over the band's lines
 *       (Parseval). Frequency-domain integration has no drift from integrating an offset, and the
 *       band limits are exact.</li>
 *   <li>Peak, RMS, crest factor (peak / RMS) and kurtosis (m4 / m2², Gaussian = 3) of the
 *       acceleration, in the time domain, after removing the mean (gravity, sensor offset).</li>
 *   <li>RMS acceleration within each configured {@link VibrationBand} (m/s²), from the same spectrum.</li>
 *   <li>The dominant frequency: the line contributing most to the RMS velocity, refined by
 *       Gaussian interpolation between its neighbours (a Hann line's log magnitude is nearly a
 *       parabola); within 0.1 Hz for a 1-second burst in the tests.</li>
 * </ul>
 *
 * <p>Any burst length works: the spectrum is computed on the burst zero-padded to the next power
 * of two (see {@link HannPowerSpectrum} for why and what it changes). Built once per burst shape
 * and reused: {@link #extract(double[], double[])} allocates nothing in this class.
 * JTransforms splits transforms of 8,192 points and more (bursts above 4,096 samples) over its
 * own thread pool, one thread per core by default, at a few hundred bytes of task objects per
 * burst, and that pool's threads are not daemons (they linger 60 s after their last task). An
 * application that wants each burst computed on the calling thread alone, allocating nothing (the
 * edge agent, the simulators), calls {@link #computeOnCallingThread()} once at start-up; the
 * setting is JVM-wide, so this class leaves the choice to the application. Not thread-safe: one
 * extractor per thread.
 *
 * <p>Accuracy, checked by the tests: a sine's RMS velocity within 1 % when it lies at least a few
 * Hz inside the band (near an edge the window splits a line's energy between inside and outside);
 * content outside the band contributes below 1 % of what it would inside.
 */
public final class BurstFeatureExtractor {

    private final BurstOptions options;
    private final int length;
    private final List<String> readingNames;
    private final HannPowerSpectrum spectrum;
    /** Spacing of the spectral lines, Hz: sampleRate / fftSize (the length padded to a power of two). */
    private final double lineHz;
    /** Velocity band as line indices, both included. */
    private final int velocityFirst;
    private final int velocityLast;
    /** 10⁶ / (2πf)² per line: turns mean-square acceleration (m²/s⁴) into mean-square velocity (mm²/s²). */
    private final double[] velocityWeight;
    private final int[] bandFirst;
    private final int[] bandLast;

    // Results of the last burst, read by both extract methods.
    private double rmsVelocityMmS;
    private double peakMS2;
    private double rmsMS2;
    private double crest;
    private double kurtosis;
    private double dominantHz;
    private final double[] bandRms;

    public BurstFeatureExtractor(BurstOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        this.length = options.length();
        this.spectrum = new HannPowerSpectrum(length);
        this.lineHz = options.sampleRateHz() / spectrum.fftSize();
        int lines = spectrum.lines();
        int last = lines - 1;

        double vLow = options.velocityLowHz();
        double vHigh = options.effectiveVelocityHighHz();
        int first = Math.max(1, (int) Math.ceil(vLow / lineHz - 1e-9));
        int lastV = Math.min(last, (int) Math.floor(vHigh / lineHz + 1e-9));
        this.velocityFirst = first;
        this.velocityLast = lastV;
        this.velocityWeight = new double[lines];
        for (int k = first; k <= lastV; k++) {
            double omega = 2 * Math.PI * k * lineHz;
            velocityWeight[k] = 1e6 / (omega * omega);
        }

        List<VibrationBand> bands = options.bands();
        this.bandFirst = new int[bands.size()];
        this.bandLast = new int[bands.size()];
        for (int b = 0; b < bands.size(); b++) {
            VibrationBand band = bands.get(b);
            bandFirst[b] = (int) Math.ceil(band.lowHz() / lineHz - 1e-9);
            // [low, high): the last line strictly below the upper edge, except that a band reaching
            // the Nyquist frequency keeps the Nyquist line (no band above it could take it).
            bandLast[b] = band.highHz() >= options.nyquistHz()
                    ? last
                    : Math.min(last, (int) Math.ceil(band.highHz() / lineHz - 1e-9) - 1);
        }
        this.bandRms = new double[bands.size()];

        List<String> names = new ArrayList<>(BurstFeatures.SCALAR_NAMES);
        for (VibrationBand band : bands) {
            names.add(band.readingName());
        }
        this.readingNames = Collections.unmodifiableList(names);
    }

    /**
     * Makes JTransforms compute every transform on its calling thread, JVM-wide (its thread pool set
     * to one thread). A burst's FFT takes about 0.1 ms of one core at 10 kHz (BENCHMARKS.md), too
     * little to gain from a hand-off to another thread, which costs allocation per burst and, on a
     * busy machine, waiting for a core. Call once at start-up; it affects every JTransforms user in
     * the JVM.
     */
    public static void computeOnCallingThread() {
        ConcurrencyUtils.setNumberOfThreads(1);
    }

    /** Builds an extractor for the {@link BurstOptions#defaults default} bands. */
    public static BurstFeatureExtractor withDefaults(double sampleRateHz, int length) {
        return new BurstFeatureExtractor(BurstOptions.defaults(sampleRateHz, length));
    }

    public BurstOptions options() {
        return options;
    }

    /**
     * The reading names, in the order {@link #extract(double[], double[])} writes them:
     * {@link BurstFeatures#SCALAR_NAMES}, then one per band.
     */
    public List<String> readingNames() {
        return readingNames;
    }

    /**
     * The features of one burst.
     *
     * @param samples acceleration, m/s², exactly {@code options().length()} finite samples at
     *                {@code options().sampleRateHz()}; not modified
     * @throws IllegalArgumentException naming what is wrong with the samples
     */
    public BurstFeatures extract(double[] samples) {
        compute(samples);
        return new BurstFeatures(rmsVelocityMmS, peakMS2, rmsMS2, crest, kurtosis, dominantHz, options.bands(), bandRms);
    }

    /**
     * The features of one burst, written into {@code out} in {@link #readingNames()} order without
     * allocating: for a device that reduces a burst every second.
     *
     * @param samples as for {@link #extract(double[])}
     * @param out     at least {@code readingNames().size()} values; NaN where a figure is undefined
     * @throws IllegalArgumentException naming what is wrong with the samples or {@code out}
     */
    public void extract(double[] samples, double[] out) {
        if (out == null || out.length < readingNames.size()) {
            throw new IllegalArgumentException("out must hold at least " + readingNames.size() + " values ("
                    + readingNames + "), got " + (out == null ? "null" : out.length));
        }
        compute(samples);
        out[0] = rmsVelocityMmS;
        out[1] = peakMS2;
        out[2] = rmsMS2;
        out[3] = crest;
        out[4] = kurtosis;
        out[5] = dominantHz;
        System.arraycopy(bandRms, 0, out, BurstFeatures.SCALAR_NAMES.size(), bandRms.length);
    }

    private void compute(double[] samples) {
        check(samples);
        int n = length;

        double first = samples[0];
        double sum = 0;
        boolean constant = true;
        for (int i = 0; i < n; i++) {
            double x = samples[i];
            sum += x;
            constant &= x == first;
        }
        if (!Double.isFinite(sum)) {
            // NaN and infinities poison the sum: find the culprit only then (one pass saved per burst).
            rejectNonFinite(samples);
        }
        // A constant burst (a stuck or resting sensor) is exactly silent, not rounding noise around sum / n.
        double mean = constant ? first : sum / n;

        // Central moments and the peak of the mean-free signal.
        double m2 = 0;
        double m4 = 0;
        double peak = 0;
        for (int i = 0; i < n; i++) {
            double d = samples[i] - mean;
            double d2 = d * d;
            m2 += d2;
            m4 += d2 * d2;
            double abs = Math.abs(d);
            if (abs > peak) {
                peak = abs;
            }
        }
        m2 /= n;
        m4 /= n;
        double rms = Math.sqrt(m2);
        peakMS2 = peak;
        rmsMS2 = rms;
        // A silent burst (all samples equal) has no crest factor or kurtosis: NaN, not 0.
        crest = rms > 0 ? peak / rms : Double.NaN;
        kurtosis = m2 > 0 ? m4 / (m2 * m2) : Double.NaN;

        double[] ms = spectrum.compute(samples, mean);

        double velocityMs = 0;
        double strongest = 0;
        int strongestLine = -1;
        for (int k = velocityFirst; k <= velocityLast; k++) {
            double v = ms[k] * velocityWeight[k];
            velocityMs += v;
            if (v > strongest) {
                strongest = v;
                strongestLine = k;
            }
        }
        rmsVelocityMmS = Math.sqrt(velocityMs);
        dominantHz = strongestLine < 0 ? Double.NaN : interpolate(ms, strongestLine) * lineHz;

        for (int b = 0; b < bandRms.length; b++) {
            double bandMs = 0;
            for (int k = bandFirst[b]; k <= bandLast[b]; k++) {
                bandMs += ms[k];
            }
            bandRms[b] = Math.sqrt(bandMs);
        }
    }

    /**
     * The peak's position in lines, refined by fitting a parabola through the log magnitudes of the
     * line and its neighbours (exact for a Gaussian, within ~0.05 line for a Hann window).
     */
    private static double interpolate(double[] ms, int k) {
        if (k < 1 || k + 1 >= ms.length || ms[k - 1] <= 0 || ms[k + 1] <= 0) {
            return k;
        }
        // ln of the magnitude is half the ln of the mean square; the factor cancels in the ratio.
        double a = Math.log(ms[k - 1]);
        double b = Math.log(ms[k]);
        double c = Math.log(ms[k + 1]);
        double denominator = a - 2 * b + c;
        if (!(denominator < 0)) {
            return k;
        }
        double delta = 0.5 * (a - c) / denominator;
        return k + Math.max(-0.5, Math.min(0.5, delta));
    }

    private void check(double[] samples) {
        if (samples == null) {
            throw new IllegalArgumentException("samples must not be null");
        }
        if (samples.length == 0) {
            throw new IllegalArgumentException("samples is empty: a burst needs " + length + " samples");
        }
        if (samples.length != length) {
            throw new IllegalArgumentException("samples must hold exactly " + length + " samples ("
                    + options.durationS() + " s at " + options.sampleRateHz() + " Hz), got " + samples.length);
        }
    }

    private static void rejectNonFinite(double[] samples) {
        for (int i = 0; i < samples.length; i++) {
            if (!Double.isFinite(samples[i])) {
                throw new IllegalArgumentException("sample " + i + " is " + samples[i] + ": acceleration must be finite (m/s²)");
            }
        }
        throw new IllegalArgumentException("samples sum beyond the range of a double: acceleration must be in m/s²");
    }
}
