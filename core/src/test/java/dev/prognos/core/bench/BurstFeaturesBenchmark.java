package dev.prognos.core.bench;

import dev.prognos.core.features.vibration.BurstFeatureExtractor;
import dev.prognos.core.features.vibration.BurstFeatures;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The vibration features of one 1-second burst, as the edge agent computes them every sampling
 * period: at 1 kHz (1,000 samples, a 1,024-point FFT) and 10 kHz (10,000 samples, a 16,384-point
 * FFT; target ≤ 1 ms). The burst looks like a worn pump's: 1× running speed, a bearing tone,
 * impacts and noise.
 *
 * <p>{@code fftThreads}: JTransforms splits transforms of 8,192 points and more over its own
 * thread pool ({@code default}: one thread per core); {@code 1} sets that pool to one thread for
 * this benchmark's JVM ({@link BurstFeatureExtractor#computeOnCallingThread()}), which is what an
 * application does that wants each burst computed on the calling thread alone.
 *
 * <p>Run: see BENCHMARKS.md ("Edge features"); JMH's own command line, for example
 * {@code org.openjdk.jmh.Main BurstFeaturesBenchmark -wi 3 -i 5 -f 1 -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BurstFeaturesBenchmark {

    /** Samples per second; the burst lasts 1 s, so also its length. */
    @Param({"1000", "10000"})
    public int rateHz;

    /** JTransforms' thread count: {@code default} (one per core) or {@code 1} ({@link BurstFeatureExtractor#computeOnCallingThread()}). */
    @Param({"default", "1"})
    public String fftThreads;

    private BurstFeatureExtractor extractor;
    private double[] burst;
    private double[] out;

    @Setup(Level.Trial)
    public void setUp() {
        if ("1".equals(fftThreads)) {
            BurstFeatureExtractor.computeOnCallingThread();
        }
        extractor = BurstFeatureExtractor.withDefaults(rateHz, rateHz);
        out = new double[extractor.readingNames().size()];
        burst = wornPumpBurst(rateHz);
    }

    /**
     * One second of a worn pump's acceleration, m/s²: gravity, 1× running speed (49.3 Hz, 3 m/s²),
     * a bearing tone (161.2 Hz), an impact 160 times a second, and noise.
     */
    static double[] wornPumpBurst(int rateHz) {
        double[] burst = new double[rateHz];
        Random random = new Random(42);
        for (int i = 0; i < rateHz; i++) {
            double t = (double) i / rateHz;
            burst[i] = 9.81 + 3 * Math.sin(2 * Math.PI * 49.3 * t) + 0.8 * Math.sin(2 * Math.PI * 161.2 * t)
                    + 0.3 * random.nextGaussian() + (i % (rateHz / 160) == 0 ? 6 : 0);
        }
        return burst;
    }

    /** The allocation-free path the agent uses: features written into a reused array. */
    @Benchmark
    public double extractIntoArray() {
        extractor.extract(burst, out);
        return out[0];
    }

    /** The convenient path: a {@link BurstFeatures} record per burst. */
    @Benchmark
    public BurstFeatures extractRecord() {
        return extractor.extract(burst);
    }
}
