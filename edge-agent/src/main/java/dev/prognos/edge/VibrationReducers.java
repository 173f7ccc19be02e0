package dev.prognos.edge;

import dev.prognos.core.features.vibration.BurstFeatureExtractor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@link VibrationReducer} of a configured burst: core's burst features, the cloud's numbers too. */
public final class VibrationReducers {

    private VibrationReducers() {
    }

    /**
     * Core's {@link BurstFeatureExtractor} with its default bands for bursts of this shape. The
     * extractor is built once and reused (it allocates nothing per burst); each source has its own
     * reducer and reads on its own thread, and the reducer is synchronized for the rest.
     */
    public static VibrationReducer forBurst(SensorOptions.Burst burst) {
        BurstFeatureExtractor extractor = BurstFeatureExtractor.withDefaults(burst.sampleRateHz(), burst.samples());
        List<String> names = extractor.readingNames();
        double[] out = new double[names.size()];
        return new VibrationReducer() {
            @Override
            public synchronized Map<String, Double> reduce(double[] accelMs2) {
                extractor.extract(accelMs2, out);
                Map<String, Double> readings = new LinkedHashMap<>();
                for (int i = 0; i < out.length; i++) {
                    if (!Double.isNaN(out[i])) { // undefined (e.g. kurtosis of a flat burst): left out, not sent as NaN
                        readings.put(names.get(i), out[i]);
                    }
                }
                return readings;
            }
        };
    }
}
