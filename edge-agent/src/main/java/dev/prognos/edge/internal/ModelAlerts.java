package dev.prognos.edge.internal;

import dev.prognos.core.alert.Alert;
import dev.prognos.core.model.ModelConditions;
import dev.prognos.core.model.ModelOutput;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The device's own alerts from the model's outputs in a scored reading: {@code rul} below the
 * horizon, {@code failure_probability} at or above the threshold (the stream job's detector 3
 * conditions, with the same names). One alert per condition: OPEN when it starts to hold,
 * RESOLVED when it has cleared, with hysteresis ({@link #CLEAR_RATIO}) so a value hovering at the
 * limit does not open and resolve at every reading. Thread-safe.
 */
public final class ModelAlerts {

    /** An open condition clears only past its limit by this ratio: rul ≥ horizon / 0.9, probability < threshold × 0.9. */
    public static final double CLEAR_RATIO = 0.9;
    public static final String DETECTOR = "model";

    private final String device;
    private final String site;
    private final String asset;
    private final double rulHorizon;
    private final double failureThreshold;
    private final String rulReading;
    private final String probabilityReading;
    /** condition → the alert that opened it. */
    private final Map<String, Alert> open = new HashMap<>();

    /**
     * @param rulReading         the reading name the model's {@value ModelOutput#RUL} output is stored under
     * @param probabilityReading the one of {@value ModelOutput#FAILURE_PROBABILITY}
     */
    public ModelAlerts(String device, String site, String asset, double rulHorizon, double failureThreshold,
                       String rulReading, String probabilityReading) {
        this.device = device;
        this.site = site;
        this.asset = asset;
        this.rulHorizon = rulHorizon;
        this.failureThreshold = failureThreshold;
        this.rulReading = rulReading;
        this.probabilityReading = probabilityReading;
    }

    /**
     * The alerts that open or resolve with this reading; empty for most readings.
     *
     * @param readings     the stored reading, with the model's outputs when it was scored
     * @param ts           its event time, epoch ms
     * @param seq          its seq
     * @param modelVersion the version that scored it
     */
    public synchronized List<Alert> check(Map<String, Double> readings, long ts, long seq, long modelVersion) {
        List<Alert> changes = new ArrayList<>(0);
        Double rul = readings.get(rulReading);
        if (rul != null) {
            String condition = ModelConditions.rulBelow(rulHorizon);
            boolean holds = ModelConditions.rulHolds(rul, rulHorizon, open.containsKey(condition), CLEAR_RATIO);
            transition(condition, holds, rul, rulHorizon, ts, seq, String.format(Locale.ROOT,
                    "model version %d on the device predicts a remaining useful life of %.1f, below the horizon %s",
                    modelVersion, rul, ModelConditions.plain(rulHorizon)), changes);
        }
        Double p = readings.get(probabilityReading);
        if (p != null) {
            String condition = ModelConditions.probabilityAtLeast(failureThreshold);
            boolean holds = ModelConditions.probabilityHolds(p, failureThreshold, open.containsKey(condition), CLEAR_RATIO);
            transition(condition, holds, p, failureThreshold, ts, seq, String.format(Locale.ROOT,
                    "model version %d on the device predicts a failure probability of %.3f, at or above %s",
                    modelVersion, p, ModelConditions.plain(failureThreshold)), changes);
        }
        return changes;
    }

    private void transition(String condition, boolean holds, double value, double limit, long ts, long seq,
                            String message, List<Alert> changes) {
        Alert current = open.get(condition);
        String reading = condition.startsWith(ModelOutput.RUL + "<") ? rulReading : probabilityReading;
        if (holds && current == null) {
            Alert a = new Alert(Alert.idOf(device, DETECTOR, condition, ts), device, site, asset, DETECTOR, condition,
                    Alert.Severity.WARNING, Alert.State.OPEN, reading, value, limit, ts, seq, message);
            open.put(condition, a);
            changes.add(a);
        } else if (!holds && current != null) {
            open.remove(condition);
            changes.add(current.withState(Alert.State.RESOLVED, ts));
        }
    }
}
