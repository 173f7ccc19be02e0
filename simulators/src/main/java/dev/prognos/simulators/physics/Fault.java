package dev.prognos.simulators.physics;

/** The faults a simulated pump develops; {@link #label} is what the ground-truth file says. */
public enum Fault {
    /** Rolling-element bearing wear (outer-race spall growing): the life-limiting fault of every unit. */
    BEARING_WEAR("bearing-wear"),
    /** Rotor mass imbalance: vibration at 1× shaft speed, radial. */
    IMBALANCE("imbalance"),
    /** Shaft misalignment between motor and pump: vibration at 2× shaft speed, strong axially. */
    MISALIGNMENT("misalignment"),
    /** Motor overload / failing cooling: temperature and current rise, vibration does not. */
    OVERHEATING("overheating");

    public final String label;

    Fault(String label) {
        this.label = label;
    }
}
