package dev.prognos.core.features.vibration;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link BurstFeatureExtractor} is built for: the burst's sample rate and length, the band
 * of the RMS velocity, and the bands whose RMS acceleration is reported. Validated on construction;
 * every error names the setting.
 *
 * <p>Frequencies are capped at the Nyquist frequency (half the sample rate), above which a burst
 * holds no information: the velocity band's upper edge silently (at 1 kHz, {@code vib_rms_mm_s}
 * covers 10–500 Hz, which for a pump holds nearly all the velocity since velocity falls as 1/f),
 * the {@link #defaults default bands} by being cut there and named by what they cover
 * ({@code vib_band_100_500_hz_rms_m_s2} at 1 kHz) or dropped when they start above it. A band
 * given explicitly that reaches past the Nyquist frequency is refused instead: whoever chose it
 * expects to measure all of it.
 *
 * @param sampleRateHz    samples per second of the burst, Hz; finite, above 0
 * @param length          samples per burst; enough for {@link #MIN_PERIODS} periods of
 *                        {@code velocityLowHz} (a Hann window smears each spectral line over ±2
 *                        bins, so a shorter burst lets DC and below-band content leak into the band)
 * @param velocityLowHz   lower edge of the RMS velocity band, Hz; ISO 10816-3: 10 Hz for machines
 *                        above 600 rpm, 2 Hz for slower ones
 * @param velocityHighHz  upper edge of the RMS velocity band, Hz (ISO 10816-3: 1000 Hz); capped at
 *                        the Nyquist frequency, see {@link #effectiveVelocityHighHz()}
 * @param bands           bands reported as RMS acceleration, in this order; may be empty
 */
public record BurstOptions(double sampleRateHz, int length, double velocityLowHz, double velocityHighHz,
                           List<VibrationBand> bands) {

    /** ISO 10816-3 band of the RMS velocity, lower edge: 10 Hz. */
    public static final double ISO_VELOCITY_LOW_HZ = 10;
    /** ISO 10816-3 band of the RMS velocity, upper edge: 1000 Hz. */
    public static final double ISO_VELOCITY_HIGH_HZ = 1000;
    /** A burst must span at least this many periods of the velocity band's lower edge (0.4 s at 10 Hz). */
    public static final int MIN_PERIODS = 4;

    public BurstOptions {
        if (!Double.isFinite(sampleRateHz) || sampleRateHz <= 0) {
            throw new IllegalArgumentException("sampleRateHz must be a finite rate above 0 Hz, got " + sampleRateHz);
        }
        if (!Double.isFinite(velocityLowHz) || velocityLowHz <= 0) {
            throw new IllegalArgumentException("velocityLowHz must be a finite frequency above 0 Hz, got " + velocityLowHz);
        }
        if (!Double.isFinite(velocityHighHz) || velocityHighHz <= velocityLowHz) {
            throw new IllegalArgumentException("velocityHighHz must be a finite frequency above velocityLowHz "
                    + velocityLowHz + " Hz, got " + velocityHighHz);
        }
        double nyquist = sampleRateHz / 2;
        if (velocityLowHz >= nyquist) {
            throw new IllegalArgumentException("velocityLowHz " + velocityLowHz + " Hz must lie below the Nyquist frequency "
                    + nyquist + " Hz of a " + sampleRateHz + " Hz burst");
        }
        double minLength = Math.ceil(MIN_PERIODS * sampleRateHz / velocityLowHz);
        if (length < minLength) {
            throw new IllegalArgumentException("length must be at least " + (long) minLength + " samples ("
                    + MIN_PERIODS + " periods of velocityLowHz " + velocityLowHz + " Hz at " + sampleRateHz
                    + " Hz), got " + length);
        }
        Objects.requireNonNull(bands, "bands");
        for (VibrationBand band : bands) {
            Objects.requireNonNull(band, "bands must not contain null");
            if (band.highHz() > nyquist) {
                throw new IllegalArgumentException("band " + band + " reaches past the Nyquist frequency " + nyquist
                        + " Hz of a " + sampleRateHz + " Hz burst: sample at " + 2 * band.highHz()
                        + " Hz or more, or lower the band");
            }
        }
        bands = List.copyOf(bands);
        if (bands.stream().map(VibrationBand::readingName).distinct().count() != bands.size()) {
            throw new IllegalArgumentException("bands must not repeat a band, got " + bands);
        }
    }

    /**
     * The ISO 10816-3 velocity band (10–1000 Hz) and the {@link VibrationBand#PUMP_DEFAULTS pump
     * bands}, each capped at the Nyquist frequency (dropped when it starts at or above it).
     */
    public static BurstOptions defaults(double sampleRateHz, int length) {
        if (!Double.isFinite(sampleRateHz) || sampleRateHz <= 0) {
            throw new IllegalArgumentException("sampleRateHz must be a finite rate above 0 Hz, got " + sampleRateHz);
        }
        return new BurstOptions(sampleRateHz, length, ISO_VELOCITY_LOW_HZ, ISO_VELOCITY_HIGH_HZ,
                cappedBands(VibrationBand.PUMP_DEFAULTS, sampleRateHz / 2));
    }

    /** These options with other bands (validated like the constructor's). */
    public BurstOptions withBands(List<VibrationBand> newBands) {
        return new BurstOptions(sampleRateHz, length, velocityLowHz, velocityHighHz, newBands);
    }

    /** These options with another RMS velocity band. */
    public BurstOptions withVelocityBand(double lowHz, double highHz) {
        return new BurstOptions(sampleRateHz, length, lowHz, highHz, bands);
    }

    /** Half the sample rate, Hz: the highest frequency a burst holds. */
    public double nyquistHz() {
        return sampleRateHz / 2;
    }

    /** The velocity band's upper edge actually integrated: {@code velocityHighHz} capped at the Nyquist frequency. */
    public double effectiveVelocityHighHz() {
        return Math.min(velocityHighHz, nyquistHz());
    }

    /** Duration of one burst, s. */
    public double durationS() {
        return length / sampleRateHz;
    }

    private static List<VibrationBand> cappedBands(List<VibrationBand> bands, double nyquist) {
        List<VibrationBand> capped = new ArrayList<>();
        for (VibrationBand band : bands) {
            if (band.lowHz() < nyquist) {
                capped.add(band.capAt(nyquist));
            }
        }
        return capped;
    }
}
