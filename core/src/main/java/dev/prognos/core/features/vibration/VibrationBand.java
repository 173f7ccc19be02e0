package dev.prognos.core.features.vibration;

import java.util.List;

/**
 * A frequency band of a vibration spectrum, {@code [lowHz, highHz)}: a spectral line at exactly
 * {@code highHz} belongs to the next band, so adjacent bands split the spectrum without counting a
 * line twice.
 *
 * <p>Its reading is the RMS acceleration of the burst within the band, in m/s² (the square root of
 * the band's energy per second, from the spectrum by Parseval), named
 * {@code vib_band_<lo>_<hi>_hz_rms_m_s2}, for example {@code vib_band_100_1000_hz_rms_m_s2}.
 * Fractional edges are written with {@code p} for the point ({@code 24.5} → {@code 24p5}).
 *
 * @param lowHz  lower edge, Hz, included; at least 0
 * @param highHz upper edge, Hz, excluded; above {@code lowHz}
 */
public record VibrationBand(double lowHz, double highHz) {

    /**
     * Running-speed region of a pump or fan: 1× and 2× shaft speed of 2-pole (2,950 rpm, 49 Hz) and
     * 4-pole (1,475 rpm, 25 Hz) motors; imbalance, misalignment and looseness show here.
     */
    public static final VibrationBand RUNNING_SPEED = new VibrationBand(10, 100);

    /**
     * Bearing-defect region: the defect frequencies of rolling bearings (outer race BPFO, inner race
     * BPFI, ball spin, cage) are about 3–9× shaft speed, and their harmonics and the pump's vane-pass
     * frequency lie here too.
     */
    public static final VibrationBand BEARING_DEFECT = new VibrationBand(100, 1000);

    /**
     * High-frequency region: structural and bearing resonances rung by early surface damage, poor
     * lubrication and cavitation, before anything shows at lower frequencies. Needs a sample rate of
     * at least 2 kHz; measured up to the Nyquist frequency below 10 kHz.
     */
    public static final VibrationBand HIGH_FREQUENCY = new VibrationBand(1000, 5000);

    /** The default bands for a motor-driven pump, in this order. */
    public static final List<VibrationBand> PUMP_DEFAULTS = List.of(RUNNING_SPEED, BEARING_DEFECT, HIGH_FREQUENCY);

    public VibrationBand {
        if (!Double.isFinite(lowHz) || lowHz < 0) {
            throw new IllegalArgumentException("band lower edge must be a finite frequency >= 0 Hz, got " + lowHz);
        }
        if (!Double.isFinite(highHz) || highHz <= lowHz) {
            throw new IllegalArgumentException(
                    "band upper edge must be a finite frequency above the lower edge " + lowHz + " Hz, got " + highHz);
        }
    }

    /**
     * Parses {@code "<lo>-<hi>"} in Hz, for example {@code "100-1000"} or {@code "24.5-49"}, as a
     * configuration file would give it.
     *
     * @throws IllegalArgumentException naming the text when it is not two numbers with a dash
     */
    public static VibrationBand parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("band must be \"<lowHz>-<highHz>\", got null");
        }
        String[] parts = text.trim().split("\\s*-\\s*");
        if (parts.length != 2) {
            throw new IllegalArgumentException("band must be \"<lowHz>-<highHz>\", for example \"100-1000\", got \"" + text + "\"");
        }
        try {
            return new VibrationBand(Double.parseDouble(parts[0]), Double.parseDouble(parts[1]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("band must be \"<lowHz>-<highHz>\", for example \"100-1000\", got \"" + text + "\"", e);
        }
    }

    /** The telemetry reading name of this band's RMS acceleration, e.g. {@code vib_band_10_100_hz_rms_m_s2}. */
    public String readingName() {
        return "vib_band_" + edge(lowHz) + "_" + edge(highHz) + "_hz_rms_m_s2";
    }

    /** This band with its upper edge lowered to {@code maxHz} (the Nyquist frequency); itself when already below. */
    VibrationBand capAt(double maxHz) {
        return highHz <= maxHz ? this : new VibrationBand(lowHz, maxHz);
    }

    @Override
    public String toString() {
        return edge(lowHz) + "-" + edge(highHz) + " Hz";
    }

    private static String edge(double hz) {
        if (hz == Math.rint(hz) && Math.abs(hz) < 1e15) {
            return Long.toString((long) hz);
        }
        return Double.toString(hz).replace('.', 'p');
    }
}
