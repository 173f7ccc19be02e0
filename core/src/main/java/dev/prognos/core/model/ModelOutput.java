package dev.prognos.core.model;

/**
 * One thing the artifact predicts, e.g. {@code rul} in cycles or {@code failure_probability}.
 *
 * @param name      output name, e.g. {@code rul}
 * @param unit      its unit, e.g. {@code cycles}, {@code h} or {@code probability}
 * @param transform {@code identity}; {@code logistic} (1 / (1 + e^−s)); or {@code logistic2}
 *                  (1 / (1 + e^−2s), the link of Spark's GBT classifier)
 * @param model     how the raw score s is computed from the feature vector
 */
public record ModelOutput(String name, String unit, String transform, ModelBody model) {

    /**
     * The output names every consumer reads (trainer, stream job, edge agent): remaining useful
     * life, in the output's unit, and the probability of failure within the trained horizon.
     */
    public static final String RUL = "rul";
    public static final String FAILURE_PROBABILITY = "failure_probability";
    /**
     * Prefix of the readings an edge agent adds to its telemetry with its on-device model's outputs
     * ({@code model_rul}, ...): never a sensor's name, and the stream's adaptive baseline leaves
     * them out (a model's output is not a property of the machine to learn a normal range of).
     */
    public static final String DEVICE_READING_PREFIX = "model_";

    public static final String IDENTITY = "identity";
    public static final String LOGISTIC = "logistic";
    public static final String LOGISTIC2 = "logistic2";

    public ModelOutput {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("output: name must not be blank");
        }
        if (transform == null) {
            transform = IDENTITY;
        }
        if (!IDENTITY.equals(transform) && !LOGISTIC.equals(transform) && !LOGISTIC2.equals(transform)) {
            throw new IllegalArgumentException("output " + name + ": unknown transform '" + transform
                    + "', expected identity, logistic or logistic2");
        }
        if (model == null) {
            throw new IllegalArgumentException("output " + name + ": model is missing");
        }
    }
}
