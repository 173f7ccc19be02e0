package dev.prognos.hardware;

import java.util.Arrays;
import java.util.Objects;

/**
 * Evenly spaced acceleration samples of one axis.
 *
 * @param accelMs2     acceleration in m/s² (gravity included: the axis's static component stays),
 *                     oldest first; the array is owned by the burst (not copied, do not change it)
 * @param sampleRateHz the rate the samples are spaced at, in Hz (the chip's output data rate, which
 *                     can differ from what was asked for: the ADXL345 has fixed rates)
 */
public record Burst(double[] accelMs2, double sampleRateHz) {

    public Burst {
        Objects.requireNonNull(accelMs2, "accelMs2");
        if (!(sampleRateHz > 0) || Double.isInfinite(sampleRateHz)) {
            throw new IllegalArgumentException("sample rate must be > 0 Hz, got " + sampleRateHz);
        }
    }

    /** Length of the burst in seconds. */
    public double durationS() {
        return accelMs2.length / sampleRateHz;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Burst b && b.sampleRateHz == sampleRateHz && Arrays.equals(b.accelMs2, accelMs2);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(accelMs2) + Double.hashCode(sampleRateHz);
    }

    @Override
    public String toString() {
        return "Burst[" + accelMs2.length + " samples at " + sampleRateHz + " Hz]";
    }
}
