/**
 * Vibration features of one burst of accelerometer samples, computed the same way on the device
 * (edge agent), in the simulators and in the cloud, so a model sees the same numbers in training
 * and in service.
 *
 * <pre>{@code
 * BurstFeatureExtractor.computeOnCallingThread();               // once per JVM: FFT on the caller's thread
 * BurstFeatureExtractor extractor = BurstFeatureExtractor.withDefaults(10_000, 10_000); // 1 s at 10 kHz, once
 * BurstFeatures f = extractor.extract(accelerationMS2);          // per burst
 * telemetryReadings.putAll(f.readings());                        // vib_rms_mm_s, vib_kurtosis, ...
 * }</pre>
 *
 * <ul>
 *   <li>{@link dev.prognos.core.features.vibration.BurstFeatureExtractor}: reusable, sized for one
 *       burst shape; RMS velocity over the ISO 10816 band by frequency-domain integration, peak,
 *       RMS, crest factor, kurtosis, band RMS and dominant frequency. {@code extract(samples, out)}
 *       allocates nothing per burst.</li>
 *   <li>{@link dev.prognos.core.features.vibration.BurstFeatures}: the figures of one burst and the
 *       reading names with their units ({@code vib_rms_mm_s}, {@code vib_peak_m_s2},
 *       {@code vib_rms_m_s2}, {@code vib_crest}, {@code vib_kurtosis}, {@code vib_dominant_hz},
 *       {@code vib_band_<lo>_<hi>_hz_rms_m_s2}).</li>
 *   <li>{@link dev.prognos.core.features.vibration.BurstOptions}: sample rate, burst length,
 *       velocity band and bands, validated with the setting named.</li>
 *   <li>{@link dev.prognos.core.features.vibration.VibrationBand}: a band, its reading name, the
 *       default pump bands (running speed 10–100 Hz, bearing defects 100–1000 Hz, high frequency
 *       1–5 kHz).</li>
 * </ul>
 *
 * Units: acceleration in m/s² (an accelerometer in g: multiply by 9.80665), velocity in mm/s,
 * frequency in Hz. The FFT is JTransforms' (pure Java, any length).
 */
package dev.prognos.core.features.vibration;
