package dev.prognos.core.bench;

import dev.prognos.core.features.vibration.BurstFeatureExtractor;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The CPU time of one burst's features on the calling thread (JTransforms' pool set to one
 * thread), read from the thread's CPU clock rather than the wall clock: on a machine shared with
 * other work, wall time per burst (what {@link BurstFeaturesBenchmark} measures) includes the
 * time the thread waited for a core, CPU time does not. A supplement to the JMH figures, not a
 * replacement: JIT warm-up is handled by discarding the first rounds.
 *
 * <p>Run: see BENCHMARKS.md ("Edge features"). Prints, per rate, the CPU µs per burst of each
 * measured round.
 */
public final class BurstFeaturesCpuTime {

    private static final int WARMUP_ROUNDS = 5;
    private static final int ROUNDS = 5;
    private static final int BURSTS_PER_ROUND = 2000;

    private BurstFeaturesCpuTime() {
    }

    public static void main(String[] args) {
        BurstFeatureExtractor.computeOnCallingThread();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int rateHz : new int[] {1000, 10000}) {
            BurstFeatureExtractor extractor = BurstFeatureExtractor.withDefaults(rateHz, rateHz);
            double[] out = new double[extractor.readingNames().size()];
            double[] burst = BurstFeaturesBenchmark.wornPumpBurst(rateHz);
            StringBuilder line = new StringBuilder("rate " + rateHz + " Hz, 1 s burst: CPU us per burst, by round:");
            for (int round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
                long start = threads.getCurrentThreadCpuTime();
                for (int b = 0; b < BURSTS_PER_ROUND; b++) {
                    extractor.extract(burst, out);
                }
                double microsPerBurst = (threads.getCurrentThreadCpuTime() - start) / 1e3 / BURSTS_PER_ROUND;
                if (round >= WARMUP_ROUNDS) {
                    line.append(String.format(" %.1f", microsPerBurst));
                }
            }
            System.out.println(line + "   (vib_rms_mm_s " + String.format("%.3f", out[0]) + ")");
        }
    }
}
