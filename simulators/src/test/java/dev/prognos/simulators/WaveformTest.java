package dev.prognos.simulators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.prognos.core.features.vibration.BurstFeatureExtractor;
import dev.prognos.core.features.vibration.BurstFeatures;
import dev.prognos.simulators.physics.BearingGeometry;
import dev.prognos.simulators.physics.Fault;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The vibration waveform against core's burst features: what an agent computes is what the machine is. */
class WaveformTest {

    static final long START = 1_795_414_322_789L;
    static final double RATE_HZ = 3200;
    static final int N = 3200;

    static SimulatedMachine pump(long seed) {
        return SimulatedMachine.create("pump-001", seed, START, Duration.ofDays(30));
    }

    static double[] burstMs2(SimulatedMachine.Waveform w, double t0) {
        double[] a = new double[N];
        for (int i = 0; i < N; i++) {
            a[i] = w.verticalG(t0 + i / RATE_HZ) * SimulatedMachine.G;
        }
        return a;
    }

    /** Machine time at which the bearing has reached progress u of its degradation. */
    static long atProgress(SimulatedMachine m, double u) {
        GroundTruth t = m.groundTruth();
        return t.onsetMillis() + Math.round(u * (t.failureMillis() - t.onsetMillis()));
    }

    @ParameterizedTest(name = "seed {0}, degradation progress {1}")
    @CsvSource({"1, 0.0", "2, 0.0", "3, 0.5", "4, 0.9", "5, 0.97", "6, 1.0", "7, 1.0"})
    void shouldGiveTheRmsVelocityAndKurtosisOfTheMachinesStateToTheFeatureExtractor(long seed, double u) {
        SimulatedMachine m = pump(seed);
        long ts = atProgress(m, u);
        SimulatedMachine.State s = m.state(ts);
        BurstFeatureExtractor extractor = BurstFeatureExtractor.withDefaults(RATE_HZ, N);
        SimulatedMachine.Waveform w = m.waveform(ts);
        double sumSquares = 0;
        double[] starts = {0.0, 12.3, 47.9, 333.0};
        for (double t0 : starts) {
            BurstFeatures f = extractor.extract(burstMs2(w, t0));
            // One burst: beats between close lines move a second's RMS by several per cent.
            assertThat(f.rmsVelocityMmS()).as("RMS velocity of the burst at %s s, mm/s", t0).isCloseTo(s.rmsMmS(), within(0.15 * s.rmsMmS()));
            assertThat(f.kurtosis()).as("kurtosis of the acceleration").isCloseTo(s.kurtosis(), within(0.25 * s.kurtosis()));
            sumSquares += f.rmsVelocityMmS() * f.rmsVelocityMmS();
        }
        assertThat(Math.sqrt(sumSquares / starts.length)).as("RMS velocity over four bursts, mm/s").isCloseTo(s.rmsMmS(), within(0.06 * s.rmsMmS()));
    }

    @Test
    void shouldPutEnergyAtTheOuterRaceDefectFrequencyAsTheBearingWears() {
        SimulatedMachine m = pump(11);
        SimulatedMachine.Waveform healthy = m.waveform(START);
        SimulatedMachine.Waveform worn = m.waveform(atProgress(m, 0.99));
        double bpfo = worn.bpfoHz();
        assertThat(bpfo).isCloseTo(BearingGeometry.DEEP_GROOVE_6205.bpfoHz(worn.shaftHz()), within(1e-9));
        assertThat(amplitudeAt(burstMs2(worn, 3.0), bpfo)).isGreaterThan(10 * amplitudeAt(burstMs2(healthy, 3.0), bpfo));
    }

    @Test
    void shouldShowImbalanceAtOnceAndMisalignmentAtTwiceShaftSpeed() {
        SimulatedMachine imbalanced = firstWith(Fault.IMBALANCE);
        SimulatedMachine misaligned = firstWith(Fault.MISALIGNMENT);
        long imbFull = imbalanced.groundTruths().get(1).failureMillis();
        long misFull = misaligned.groundTruths().get(1).failureMillis();
        SimulatedMachine.Waveform imb = imbalanced.waveform(imbFull);
        SimulatedMachine.Waveform mis = misaligned.waveform(misFull);
        double[] imbBurst = burstMs2(imb, 1.0);
        double[] misBurst = burstMs2(mis, 1.0);
        assertThat(amplitudeAt(imbBurst, imb.shaftHz())).isGreaterThan(3 * amplitudeAt(imbBurst, 2 * imb.shaftHz()));
        assertThat(amplitudeAt(misBurst, 2 * mis.shaftHz())).isGreaterThan(amplitudeAt(misBurst, mis.shaftHz()));
    }

    static SimulatedMachine firstWith(Fault fault) {
        for (long seed = 0; ; seed++) {
            SimulatedMachine m = pump(seed);
            if (m.groundTruths().size() > 1 && m.groundTruths().get(1).fault().equals(fault.label)) {
                return m;
            }
        }
    }

    /** Amplitude of the component at {@code hz} (single-bin DFT over the whole second: 1 Hz resolution). */
    static double amplitudeAt(double[] x, double hz) {
        double re = 0;
        double im = 0;
        for (int i = 0; i < x.length; i++) {
            double phase = 2 * Math.PI * hz * i / RATE_HZ;
            re += x[i] * Math.cos(phase);
            im += x[i] * Math.sin(phase);
        }
        return 2 * Math.hypot(re, im) / x.length;
    }
}
