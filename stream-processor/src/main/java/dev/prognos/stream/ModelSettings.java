package dev.prognos.stream;

import dev.prognos.core.model.ModelKeys;
import dev.prognos.core.model.ModelOutput;
import java.io.Serializable;
import java.security.PublicKey;
import java.util.Map;

/**
 * What detector 3 (the deployed model) needs, taken from {@link StreamJobOptions}.
 *
 * @param trustedKeys      key id ({@link ModelKeys#keyId}) → Ed25519 public key; artifacts signed by
 *                         anything else are refused. Empty: every artifact is refused (and counted).
 * @param rulHorizon       alert when the predicted RUL is below this, in the unit of the model's
 *                         {@code rul} output (cycles, h, ...)
 * @param failureThreshold alert when the predicted failure probability is at or above this (0 to 1)
 * @param historyWindows   on-time windows of each device kept as the model's samples (its
 *                         {@code SlidingFeatures} windows can look this far back)
 */
public record ModelSettings(Map<String, PublicKey> trustedKeys, double rulHorizon, double failureThreshold,
                            int historyWindows) implements Serializable {

    /** The output names the model detector reads; an artifact may have either or both. */
    public static final String RUL_OUTPUT = ModelOutput.RUL;
    public static final String FAILURE_PROBABILITY_OUTPUT = ModelOutput.FAILURE_PROBABILITY;

    public ModelSettings {
        trustedKeys = Map.copyOf(trustedKeys);
    }

    /** No trusted key: any artifact is refused, the model detector stays silent. */
    public static ModelSettings none() {
        return new ModelSettings(Map.of(), StreamJobOptions.DEFAULT_MODEL_RUL_HORIZON,
                StreamJobOptions.DEFAULT_MODEL_FAILURE_THRESHOLD, StreamJobOptions.DEFAULT_MODEL_HISTORY_WINDOWS);
    }
}
