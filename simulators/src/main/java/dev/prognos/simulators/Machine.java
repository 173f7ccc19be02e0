package dev.prognos.simulators;

import java.util.Map;

/**
 * A simulated machine: readings as a pure function of event time, and the truth about its fault.
 * The fleet publishes whatever a machine returns; later physics-based machines plug in here and
 * behind the hardware module's sensor interfaces.
 */
public interface Machine {

    /** Asset type, e.g. {@code centrifugal-pump}; selects rules and models downstream. */
    String assetType();

    /** What really happens to this machine, for scoring detections against: the fault that ends its life. */
    GroundTruth groundTruth();

    /** Every fault of this machine, the life-ending one first. */
    default java.util.List<GroundTruth> groundTruths() {
        return java.util.List.of(groundTruth());
    }

    /**
     * The readings at that event time, named with their unit ({@code vib_rms_mm_s}). The same
     * time gives the same readings.
     *
     * @param tsMillis event time, epoch milliseconds
     */
    Map<String, Double> sample(long tsMillis);
}
