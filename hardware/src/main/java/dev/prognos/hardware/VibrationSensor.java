package dev.prognos.hardware;

/**
 * A sensor that samples acceleration in bursts at a fixed high rate (1 kHz and up) for vibration
 * analysis: the agent reduces each burst to features (RMS velocity, kurtosis, band energies) with
 * core's feature code. Implemented by the ADXL345 driver and by the simulators, so the agent cannot
 * tell which it reads.
 */
public interface VibrationSensor extends AutoCloseable {

    /**
     * Collects {@code samples} consecutive samples of the configured axis, evenly spaced at the
     * sensor's output data rate (no gaps: a sensor that would lose samples fails instead).
     *
     * @param samples how many, ≥ 1 (a 1-second burst at 3200 Hz is 3200)
     * @throws SensorException if the sensor cannot deliver them
     */
    Burst burst(int samples);

    /** The rate samples of a burst are spaced at, in Hz: the chip's actual output data rate. */
    double sampleRateHz();

    @Override
    void close();
}
