package dev.prognos.stream;

import dev.prognos.core.features.window.WindowFeatures;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * The seam for detector 3 of DESIGN.md §4, the deployed model (RUL below the horizon, failure
 * probability above the threshold). The model runtime is being written in core; once it is there,
 * an implementation evaluates the asset's current model (received from {@code prognos.models} as
 * broadcast state) on these window features and returns findings with detector {@code model}.
 * Until then the job runs with {@link #NONE}.
 */
@FunctionalInterface
public interface ModelDetector extends Serializable {

    /** No model deployed: no findings. */
    ModelDetector NONE = (device, asset, windowEndMs, features) -> List.of();

    /**
     * @param device      device id
     * @param asset       asset type (selects the model)
     * @param windowEndMs end of the window, epoch ms (exclusive)
     * @param features    the window's features per reading name
     * @return the model's findings, each with detector {@code model}; empty when it has none
     */
    List<Finding> evaluate(String device, String asset, long windowEndMs, Map<String, WindowFeatures> features);
}
