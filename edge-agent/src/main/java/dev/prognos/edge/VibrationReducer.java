package dev.prognos.edge;

import java.util.Map;

/**
 * Reduces one vibration burst to feature readings named with their units (e.g.
 * {@code vib_rms_mm_s}, {@code vib_kurtosis}): what a vibration sensor publishes instead of its
 * thousands of samples.
 */
@FunctionalInterface
public interface VibrationReducer {

    /**
     * @param accelMs2 evenly spaced acceleration samples in m/s² at the burst's sample rate
     */
    Map<String, Double> reduce(double[] accelMs2);
}
