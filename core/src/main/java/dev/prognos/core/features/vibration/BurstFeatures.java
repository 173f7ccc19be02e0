package dev.prognos.core.features.vibration;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The features of one burst of acceleration samples, as {@link BurstFeatureExtractor} computes
 * them. The reading names (constants below) are those the telemetry carries, each with its unit.
 *
 * <p>Time-domain figures are taken from the samples with their mean removed (gravity on the
 * sensor's axis and its zero offset are not vibration).
 *
 * @param rmsVelocityMmS RMS vibration velocity over the velocity band (ISO 10816: 10–1000 Hz), mm/s
 * @param peakMS2        largest absolute acceleration, m/s²
 * @param rmsMS2         RMS acceleration over the whole burst (all frequencies), m/s²
 * @param crest          crest factor: peak / RMS acceleration, dimensionless (√2 for a sine);
 *                       NaN for a burst without vibration
 * @param kurtosis       kurtosis m4 / m2², not the excess: 3 for Gaussian vibration, 1.5 for a sine,
 *                       far above 3 for impacts; NaN for a burst without vibration
 * @param dominantHz     frequency contributing most to the RMS velocity, Hz (interpolated between
 *                       spectral lines); NaN for a burst without vibration in the velocity band
 * @param bands          the bands of {@code bandRmsMS2}, in order
 * @param bandRmsMS2     RMS acceleration within each band, m/s², in the order of {@code bands}
 */
public record BurstFeatures(double rmsVelocityMmS, double peakMS2, double rmsMS2, double crest, double kurtosis,
                            double dominantHz, List<VibrationBand> bands, double[] bandRmsMS2) {

    /** RMS vibration velocity, mm/s, over the velocity band: what ISO 10816-3 severity zones judge. */
    public static final String RMS_VELOCITY_MM_S = "vib_rms_mm_s";
    /** Largest absolute acceleration in the burst, m/s². */
    public static final String PEAK_M_S2 = "vib_peak_m_s2";
    /** RMS acceleration, m/s², all frequencies. */
    public static final String RMS_M_S2 = "vib_rms_m_s2";
    /** Crest factor, peak / RMS acceleration, dimensionless. */
    public static final String CREST = "vib_crest";
    /** Kurtosis, non-excess (Gaussian = 3), dimensionless. */
    public static final String KURTOSIS = "vib_kurtosis";
    /** Dominant frequency of the velocity spectrum, Hz. */
    public static final String DOMINANT_HZ = "vib_dominant_hz";

    /** The scalar reading names, in the order {@link BurstFeatureExtractor#extract(double[], double[])} writes them. */
    public static final List<String> SCALAR_NAMES = List.of(RMS_VELOCITY_MM_S, PEAK_M_S2, RMS_M_S2, CREST, KURTOSIS, DOMINANT_HZ);

    public BurstFeatures {
        bands = List.copyOf(Objects.requireNonNull(bands, "bands"));
        bandRmsMS2 = Objects.requireNonNull(bandRmsMS2, "bandRmsMS2").clone();
        if (bands.size() != bandRmsMS2.length) {
            throw new IllegalArgumentException("bandRmsMS2 must have one value per band (" + bands.size()
                    + "), got " + bandRmsMS2.length);
        }
    }

    /** A copy of the band values (the record keeps its own). */
    @Override
    public double[] bandRmsMS2() {
        return bandRmsMS2.clone();
    }

    /** RMS acceleration within the i-th band, m/s². */
    public double bandRmsMS2(int i) {
        return bandRmsMS2[i];
    }

    /** RMS acceleration within {@code band}, m/s²; NaN when the burst was not analysed for that band. */
    public double bandRmsMS2(VibrationBand band) {
        int i = bands.indexOf(band);
        return i < 0 ? Double.NaN : bandRmsMS2[i];
    }

    /**
     * The telemetry readings: name with unit → value, scalars first ({@link #SCALAR_NAMES} order),
     * then the bands. Figures that are NaN (crest factor, kurtosis and dominant frequency of a silent
     * burst) are left out, as a device leaves out a reading it does not have.
     */
    public Map<String, Double> readings() {
        Map<String, Double> readings = new LinkedHashMap<>();
        put(readings, RMS_VELOCITY_MM_S, rmsVelocityMmS);
        put(readings, PEAK_M_S2, peakMS2);
        put(readings, RMS_M_S2, rmsMS2);
        put(readings, CREST, crest);
        put(readings, KURTOSIS, kurtosis);
        put(readings, DOMINANT_HZ, dominantHz);
        for (int i = 0; i < bands.size(); i++) {
            put(readings, bands.get(i).readingName(), bandRmsMS2[i]);
        }
        return readings;
    }

    private static void put(Map<String, Double> readings, String name, double value) {
        if (Double.isFinite(value)) {
            readings.put(name, value);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BurstFeatures f
                && Double.compare(rmsVelocityMmS, f.rmsVelocityMmS) == 0
                && Double.compare(peakMS2, f.peakMS2) == 0
                && Double.compare(rmsMS2, f.rmsMS2) == 0
                && Double.compare(crest, f.crest) == 0
                && Double.compare(kurtosis, f.kurtosis) == 0
                && Double.compare(dominantHz, f.dominantHz) == 0
                && bands.equals(f.bands)
                && Arrays.equals(bandRmsMS2, f.bandRmsMS2);
    }

    @Override
    public int hashCode() {
        return Objects.hash(rmsVelocityMmS, peakMS2, rmsMS2, crest, kurtosis, dominantHz, bands, Arrays.hashCode(bandRmsMS2));
    }

    @Override
    public String toString() {
        return "BurstFeatures" + readings();
    }
}
