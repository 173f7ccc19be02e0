package dev.prognos.core.features.vibration;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.data.Offset.offset;
import static org.assertj.core.data.Percentage.withPercentage;

class BurstFeatureExtractorTest {

    /** Velocity RMS of a sine of acceleration amplitude A at f Hz: A / (2πf) / √2, in mm/s. */
    private static double sineVelocityRmsMmS(double amplitude, double frequencyHz) {
        return amplitude / (2 * Math.PI * frequencyHz) / Math.sqrt(2) * 1000;
    }

    @Nested
    @DisplayName("RMS velocity over the ISO 10816 band (10–1000 Hz)")
    class RmsVelocity {

        @ParameterizedTest(name = "{0} m/s² at {1} Hz, {2} samples at {3} Hz")
        @CsvSource({
                // amplitude m/s², frequency Hz, samples, rate Hz
                "10,    159.155, 1000,  1000",   // 10 mm/s amplitude, 7.07 mm/s RMS; 1 kHz, mixed radix
                "2,     24.6,    1000,  1000",   // 4-pole pump 1x, not on a spectral line
                "5,     49.3,    10000, 10000",  // 2-pole pump 1x at 10 kHz
                "30,    412.7,   10000, 10000",  // bearing defect region
                "50,    950,     10000, 10000",  // near the top of the band
                "3,     100,     1024,  1024",   // power of two: split-radix path
                "3,     77.7,    997,   997",    // prime length: Bluestein path
                "1,     20,      20480, 20480",  // an IMS snapshot's shape (20,480 samples at 20 kHz-ish)
                "4,     80.8,    1600,  3200",   // half a second from an ADXL345 at 3,200 Hz
        })
        void shouldGiveTheSineVelocityRmsWithinHalfAPercent(double amplitude, double frequencyHz, int n, double rateHz) {
            BurstFeatureExtractor extractor = BurstFeatureExtractor.withDefaults(rateHz, n);

            BurstFeatures f = extractor.extract(Signals.sine(amplitude, frequencyHz, rateHz, n));

            // Measured: ≤ 0.13 % on these rows (the most at 20 Hz, where the window's skirt reaches 10 Hz).
            assertThat(f.rmsVelocityMmS()).isCloseTo(sineVelocityRmsMmS(amplitude, frequencyHz), withPercentage(0.5));
        }

        @ParameterizedTest(name = "{1} Hz at {2} Hz sampling")
        @CsvSource({
                // amplitude, frequency outside 10–1000 Hz, rate
                "1,  4,    1000",
                "1,  5.5,  10000",
                "20, 1500, 10000",
                "20, 3000, 10000",
        })
        void shouldIgnoreASineOutsideTheBand(double amplitude, double frequencyHz, double rateHz) {
            int n = (int) rateHz;
            BurstFeatureExtractor extractor = BurstFeatureExtractor.withDefaults(rateHz, n);

            BurstFeatures f = extractor.extract(Signals.sine(amplitude, frequencyHz, rateHz, n));

            // Below 1 % of what the same sine would give inside the band.
            assertThat(f.rmsVelocityMmS()).isLessThan(0.01 * sineVelocityRmsMmS(amplitude, frequencyHz));
            // ...while the time-domain figures still see it.
            assertThat(f.rmsMS2()).isCloseTo(amplitude / Math.sqrt(2), withPercentage(1));
        }

        @Test
        void shouldAddPowersOfTwoSinesInTheBand() {
            double[] x = Signals.plus(Signals.sine(4, 50, 10000, 10000), Signals.sine(20, 300, 10000, 10000));
            double expected = Math.hypot(sineVelocityRmsMmS(4, 50), sineVelocityRmsMmS(20, 300));

            BurstFeatures f = BurstFeatureExtractor.withDefaults(10000, 10000).extract(x);

            assertThat(f.rmsVelocityMmS()).isCloseTo(expected, withPercentage(1));
        }

        @ParameterizedTest(name = "seed {0}")
        @CsvSource({"1", "2", "3", "4", "5"})
        void shouldMatchTheTimeDomainRmsOfTheVelocityOfABroadbandSignal(long seed) {
            // 60 tones of random amplitude and phase, one in each 16 Hz slot from 15 to 983 Hz at a
            // random place within its first 8 Hz: the velocity v(t) = Σ V sin(2πft + φ) and its
            // derivative, the acceleration a(t) = Σ 2πf V cos(2πft + φ), are both known exactly, so
            // the frequency-domain integration can be checked against the plain RMS of v over the
            // burst. (Tones closer than a few hertz beat within a 1-s burst, and the Hann window
            // weighs the beat differently from a plain RMS: up to 3 % apart on random
            // frequencies, both being estimates of the same long-run RMS.)
            int n = 10000;
            double rate = 10000;
            java.util.Random random = new java.util.Random(seed);
            double[] velocityMS = new double[n];
            double[] accelMS2 = new double[n];
            for (int tone = 0; tone < 60; tone++) {
                double v = 0.001 + 0.004 * random.nextDouble();   // 1–5 mm/s amplitude
                double f = 15 + 16 * tone + 8 * random.nextDouble();
                double phase = 2 * Math.PI * random.nextDouble();
                for (int i = 0; i < n; i++) {
                    double angle = 2 * Math.PI * f * i / rate + phase;
                    velocityMS[i] += v * Math.sin(angle);
                    accelMS2[i] += 2 * Math.PI * f * v * Math.cos(angle);
                }
            }
            double sumSquares = 0;
            for (double v : velocityMS) {
                sumSquares += v * v;
            }
            double timeDomainRmsMmS = Math.sqrt(sumSquares / n) * 1000;

            BurstFeatures f = BurstFeatureExtractor.withDefaults(rate, n).extract(accelMS2);

            // Measured: within 0.17 % on seeds 1–8.
            assertThat(f.rmsVelocityMmS()).isCloseTo(timeDomainRmsMmS, withPercentage(0.5));
        }

        @Test
        void shouldIgnoreGravityAndSensorOffset() {
            double[] sine = Signals.sine(5, 80, 1000, 1000);
            double[] withGravity = Signals.plus(sine, Signals.constant(9.81, 1000));
            BurstFeatureExtractor extractor = BurstFeatureExtractor.withDefaults(1000, 1000);

            BurstFeatures plain = extractor.extract(sine);
            BurstFeatures offset = extractor.extract(withGravity);

            assertThat(offset.rmsVelocityMmS()).isCloseTo(plain.rmsVelocityMmS(), within(1e-9));
            assertThat(offset.peakMS2()).isCloseTo(plain.peakMS2(), within(1e-9));
            assertThat(offset.kurtosis()).isCloseTo(plain.kurtosis(), within(1e-9));
        }

        @Test
        void shouldIntegrateOnlyUpToNyquistAt1kHz() {
            BurstFeatureExtractor extractor = BurstFeatureExtractor.withDefaults(1000, 1000);

            assertThat(extractor.options().effectiveVelocityHighHz()).isEqualTo(500);
            BurstFeatures f = extractor.extract(Signals.sine(10, 450, 1000, 1000));
            assertThat(f.rmsVelocityMmS()).isCloseTo(sineVelocityRmsMmS(10, 450), withPercentage(1));
        }

        @Test
        void shouldHonourAnotherVelocityBand() {
            // ISO 10816-3 uses 2–1000 Hz for machines below 600 rpm.
            BurstOptions slow = BurstOptions.defaults(1000, 2000).withVelocityBand(2, 1000);
            double[] x = Signals.sine(0.5, 6, 1000, 2000);

            BurstFeatures f = new BurstFeatureExtractor(slow).extract(x);
            BurstFeatures iso = BurstFeatureExtractor.withDefaults(1000, 2000).extract(x);

            assertThat(f.rmsVelocityMmS()).isCloseTo(sineVelocityRmsMmS(0.5, 6), withPercentage(1));
            assertThat(iso.rmsVelocityMmS()).isLessThan(0.01 * sineVelocityRmsMmS(0.5, 6));
        }
    }

    @Nested
    @DisplayName("peak, RMS, crest factor and kurtosis")
    class TimeDomain {

        @Test
        void shouldGiveSineFigures() {
            BurstFeatures f = BurstFeatureExtractor.withDefaults(10000, 10000).extract(Signals.sine(7, 50, 10000, 10000));

            assertThat(f.peakMS2()).isCloseTo(7, withPercentage(0.1));
            assertThat(f.rmsMS2()).isCloseTo(7 / Math.sqrt(2), withPercentage(0.1));
            assertThat(f.crest()).isCloseTo(Math.sqrt(2), withPercentage(0.2));
            // Kurtosis of a sine: 3/2.
            assertThat(f.kurtosis()).isCloseTo(1.5, offset(0.01));
        }

        @ParameterizedTest(name = "seed {0}")
        @CsvSource({"1", "2", "3"})
        void shouldGiveKurtosisNear3ForGaussianNoise(long seed) {
            BurstFeatures f = BurstFeatureExtractor.withDefaults(10000, 10000).extract(Signals.gaussian(2.0, 10000, seed));

            // Standard error of the kurtosis of n Gaussian samples: √(24/n) = 0.05 at n = 10,000.
            assertThat(f.kurtosis()).isCloseTo(3, offset(0.2));
            assertThat(f.rmsMS2()).isCloseTo(2.0, withPercentage(3));
            // Peak of 10,000 Gaussian samples lies around 3.5–4.5 σ.
            assertThat(f.crest()).isBetween(3.0, 5.0);
        }

        @Test
        void shouldGiveHighKurtosisAndCrestForAnImpulseTrain() {
            // A spalled bearing: a sharp impact every 10 ms (100 Hz) on light noise.
            int n = 10000;
            double[] x = Signals.gaussian(0.2, n, 7);
            for (int i = 37; i < n; i += 100) {
                x[i] += 20;
            }
            BurstFeatures impacts = BurstFeatureExtractor.withDefaults(10000, n).extract(x);
            BurstFeatures noise = BurstFeatureExtractor.withDefaults(10000, n).extract(Signals.gaussian(0.2, n, 7));

            assertThat(impacts.kurtosis()).isGreaterThan(30).isGreaterThan(10 * noise.kurtosis());
            assertThat(impacts.crest()).isGreaterThan(8).isGreaterThan(2 * noise.crest());
            assertThat(impacts.peakMS2()).isCloseTo(20, offset(1.0));
        }

        @Test
        void shouldGiveNaNCrestAndKurtosisForASilentBurstAndLeaveThemOutOfTheReadings() {
            BurstFeatures f = BurstFeatureExtractor.withDefaults(1000, 1000).extract(Signals.constant(9.81, 1000));

            assertThat(f.rmsVelocityMmS()).isZero();
            assertThat(f.peakMS2()).isZero();
            assertThat(f.crest()).isNaN();
            assertThat(f.kurtosis()).isNaN();
            assertThat(f.dominantHz()).isNaN();
            assertThat(f.readings()).doesNotContainKeys(BurstFeatures.CREST, BurstFeatures.KURTOSIS, BurstFeatures.DOMINANT_HZ)
                    .containsEntry(BurstFeatures.RMS_VELOCITY_MM_S, 0.0);
        }
    }

    @Nested
    @DisplayName("band energies and dominant frequency")
    class Spectrum {

        @ParameterizedTest(name = "{0} Hz lands in band {1}")
        @CsvSource({
                // frequency Hz, index of the band among 10-100, 100-1000, 1000-5000
                "49.3,   0",
                "300,    1",
                "612.5,  1",
                "2500,   2",
                "4321.1, 2",
        })
        void shouldPutASineIntoItsBand(double frequencyHz, int band) {
            BurstFeatureExtractor extractor = BurstFeatureExtractor.withDefaults(10000, 10000);

            BurstFeatures f = extractor.extract(Signals.sine(3, frequencyHz, 10000, 10000));

            assertThat(f.bands()).containsExactlyElementsOf(VibrationBand.PUMP_DEFAULTS);
            for (int b = 0; b < 3; b++) {
                if (b == band) {
                    assertThat(f.bandRmsMS2(b)).as("band %s", f.bands().get(b)).isCloseTo(3 / Math.sqrt(2), withPercentage(1));
                } else {
                    assertThat(f.bandRmsMS2(b)).as("band %s", f.bands().get(b)).isLessThan(0.01 * 3 / Math.sqrt(2));
                }
            }
        }

        @Test
        void shouldSplitWhiteNoiseEnergyByBandWidth() {
            // White noise at 10 kHz: flat to 5 kHz, so each band holds its share of the width.
            BurstFeatures f = BurstFeatureExtractor.withDefaults(10000, 10000).extract(Signals.gaussian(1.0, 10000, 11));

            double total = f.rmsMS2() * f.rmsMS2();
            assertThat(sq(f.bandRmsMS2(VibrationBand.RUNNING_SPEED)) / total).isCloseTo(90 / 5000.0, offset(0.006));
            assertThat(sq(f.bandRmsMS2(VibrationBand.BEARING_DEFECT)) / total).isCloseTo(900 / 5000.0, offset(0.02));
            assertThat(sq(f.bandRmsMS2(VibrationBand.HIGH_FREQUENCY)) / total).isCloseTo(4000 / 5000.0, offset(0.03));
            // Parseval: the bands plus the 0–10 Hz rest add up to the whole.
            double bands = sq(f.bandRmsMS2(0)) + sq(f.bandRmsMS2(1)) + sq(f.bandRmsMS2(2));
            assertThat(bands / total).isCloseTo(1 - 10 / 5000.0, offset(0.01));
        }

        @Test
        void shouldCapDefaultBandsAtNyquistAndNameThemByWhatTheyCover() {
            BurstFeatureExtractor at1kHz = BurstFeatureExtractor.withDefaults(1000, 1000);

            assertThat(at1kHz.options().bands()).containsExactly(new VibrationBand(10, 100), new VibrationBand(100, 500));
            assertThat(at1kHz.readingNames()).containsExactly("vib_rms_mm_s", "vib_peak_m_s2", "vib_rms_m_s2", "vib_crest",
                    "vib_kurtosis", "vib_dominant_hz", "vib_band_10_100_hz_rms_m_s2", "vib_band_100_500_hz_rms_m_s2");
        }

        @ParameterizedTest(name = "{0} Hz")
        @CsvSource({"24.6", "49.3", "157.25", "333.33", "980.4"})
        void shouldFindTheDominantFrequencyWithinATenthOfALine(double frequencyHz) {
            // A weaker sine elsewhere must not win: velocity weighs it by 1/f.
            double[] x = Signals.plus(Signals.sine(5, frequencyHz, 10000, 10000),
                    Signals.sine(1, frequencyHz * 1.7 + 13, 10000, 10000, 1.1));

            BurstFeatures f = BurstFeatureExtractor.withDefaults(10000, 10000).extract(x);

            assertThat(f.dominantHz()).isCloseTo(frequencyHz, offset(0.1));
        }

        @Test
        void shouldPickTheLineWithTheMostVelocityNotTheMostAcceleration() {
            // 10 m/s² at 400 Hz is 3.98 mm/s; 2 m/s² at 25 Hz is 12.7 mm/s: the 25 Hz line dominates velocity.
            double[] x = Signals.plus(Signals.sine(10, 400, 10000, 10000), Signals.sine(2, 25, 10000, 10000));

            BurstFeatures f = BurstFeatureExtractor.withDefaults(10000, 10000).extract(x);

            assertThat(f.dominantHz()).isCloseTo(25, offset(0.1));
        }

        private static double sq(double x) {
            return x * x;
        }
    }

    @Nested
    @DisplayName("reuse and output")
    class Output {

        @Test
        void shouldWriteTheSameFiguresIntoAnArrayInReadingNameOrder() {
            BurstFeatureExtractor extractor = BurstFeatureExtractor.withDefaults(10000, 10000);
            double[] x = Signals.plus(Signals.sine(3, 49.3, 10000, 10000), Signals.gaussian(0.5, 10000, 3));
            double[] out = new double[extractor.readingNames().size()];

            extractor.extract(x, out);
            BurstFeatures f = extractor.extract(x);

            List<String> names = extractor.readingNames();
            for (int i = 0; i < names.size(); i++) {
                assertThat(out[i]).as(names.get(i)).isEqualTo(f.readings().get(names.get(i)));
            }
        }

        @Test
        void shouldGiveTheSameFiguresWhenReusedAfterAnotherBurst() {
            BurstFeatureExtractor extractor = BurstFeatureExtractor.withDefaults(1000, 1000);
            double[] a = Signals.gaussian(1, 1000, 1);
            double[] b = Signals.sine(9, 120, 1000, 1000);

            BurstFeatures first = extractor.extract(a);
            extractor.extract(b);
            BurstFeatures again = extractor.extract(a);

            assertThat(again).isEqualTo(first);
        }

        @Test
        void shouldAllocateNothingPerBurstWhenWritingIntoAnArray() {
            // 1 kHz: a 1,024-point FFT, below the size JTransforms hands to its thread pool.
            // The FFT buffer alone is 8 KB: a single allocation per burst would show as megabytes.
            assertThat(bytesAllocatedByThousandBursts(1000)).isLessThan(1000);
        }

        @Test
        void shouldAllocateNothingPer10kHzBurstWhenComputingOnTheCallingThread() {
            // 10 kHz: a 16,384-point FFT, which JTransforms would hand to its pool (task objects).
            BurstFeatureExtractor.computeOnCallingThread();

            assertThat(bytesAllocatedByThousandBursts(10000)).isLessThan(1000);
        }

        private long bytesAllocatedByThousandBursts(int rateHz) {
            BurstFeatureExtractor extractor = BurstFeatureExtractor.withDefaults(rateHz, rateHz);
            double[] x = Signals.plus(Signals.sine(3, 49.3, rateHz, rateHz), Signals.gaussian(0.5, rateHz, 3));
            double[] out = new double[extractor.readingNames().size()];
            com.sun.management.ThreadMXBean threads =
                    (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
            long id = Thread.currentThread().getId();
            for (int i = 0; i < 100; i++) {
                extractor.extract(x, out);
            }
            long before = threads.getThreadAllocatedBytes(id);
            for (int i = 0; i < 1000; i++) {
                extractor.extract(x, out);
            }
            return threads.getThreadAllocatedBytes(id) - before;
        }

        @Test
        void shouldNotModifyTheSamples() {
            double[] x = Signals.sine(3, 50, 1000, 1000);
            double[] copy = x.clone();

            BurstFeatureExtractor.withDefaults(1000, 1000).extract(x);

            assertThat(x).containsExactly(copy);
        }

        @Test
        void shouldNameEveryReadingWithItsUnit() {
            BurstFeatures f = BurstFeatureExtractor.withDefaults(10000, 10000).extract(Signals.gaussian(1, 10000, 5));

            assertThat(f.readings().keySet()).containsExactly("vib_rms_mm_s", "vib_peak_m_s2", "vib_rms_m_s2", "vib_crest",
                    "vib_kurtosis", "vib_dominant_hz", "vib_band_10_100_hz_rms_m_s2", "vib_band_100_1000_hz_rms_m_s2",
                    "vib_band_1000_5000_hz_rms_m_s2");
        }
    }

    @Nested
    @DisplayName("bad input is refused with the culprit named")
    class BadInput {

        private final BurstFeatureExtractor extractor = BurstFeatureExtractor.withDefaults(1000, 1000);

        @Test
        void shouldRefuseAnEmptyBurst() {
            assertThatThrownBy(() -> extractor.extract(new double[0]))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("samples is empty").hasMessageContaining("1000");
        }

        @Test
        void shouldRefuseNull() {
            assertThatThrownBy(() -> extractor.extract(null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("samples must not be null");
        }

        @Test
        void shouldRefuseALengthMismatch() {
            assertThatThrownBy(() -> extractor.extract(new double[999]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("exactly 1000 samples").hasMessageContaining("got 999");
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource({"NaN", "Infinity", "-Infinity"})
        void shouldRefuseANonFiniteSampleNamingItsIndex(double bad) {
            double[] x = Signals.sine(1, 50, 1000, 1000);
            x[417] = bad;

            assertThatThrownBy(() -> extractor.extract(x))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sample 417 is " + bad);
        }

        @Test
        void shouldRefuseAnOutputArrayTooShort() {
            assertThatThrownBy(() -> extractor.extract(Signals.sine(1, 50, 1000, 1000), new double[3]))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("out must hold at least 8 values");
        }
    }
}
