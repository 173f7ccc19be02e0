package dev.prognos.simulators;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Which devices a fleet has and when each one fails. Pure: the same options and start time give
 * the same fleet.
 *
 * <p>Failure times are spread on purpose, not drawn independently: the window between
 * {@code --failure-min} and {@code --failure-max} is cut into one slice per device on a log scale
 * and each device fails at a random point of its own slice (slices shuffled among devices). The
 * log scale puts more failures early, so a demo shows alerts within a minute or two while the
 * rest of the fleet keeps failing for minutes; the slicing keeps that true for every seed (20
 * independent uniform draws in 45 s–10 min leave some seeds with no failure in the first two
 * minutes).
 */
public final class FleetPlan {

    /** A device of the fleet and the machine behind it. */
    public record Device(String id, SimulatedMachine machine) {
    }

    private FleetPlan() {
    }

    /**
     * @param startMillis the fleet's start, epoch milliseconds; every machine's life starts here
     */
    public static List<Device> of(SimulatorOptions options, long startMillis) {
        int n = options.devices();
        List<Duration> lifetimes = lifetimes(options.seed(), n, options.failureMin(), options.failureMax());
        List<Device> devices = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String id = deviceId(i + 1, n);
            long machineSeed = SimulatedMachine.mix(options.seed(), i);
            devices.add(new Device(id, SimulatedMachine.create(id, machineSeed, startMillis, lifetimes.get(i))));
        }
        return List.copyOf(devices);
    }

    /** {@code pump-001}: zero-padded to three digits, or more when the fleet is larger. */
    public static String deviceId(int number, int fleetSize) {
        int width = Math.max(3, Integer.toString(fleetSize).length());
        return String.format("pump-%0" + width + "d", number);
    }

    /** Lifetimes (start to failure) of n devices, one per log-scale slice of [min, max]. */
    static List<Duration> lifetimes(long seed, int n, Duration min, Duration max) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] slice = new int[n];
        for (int i = 0; i < n; i++) {
            slice[i] = i;
        }
        for (int i = n - 1; i > 0; i--) { // Fisher-Yates
            int j = random.nextInt(i + 1);
            int t = slice[i];
            slice[i] = slice[j];
            slice[j] = t;
        }
        double minMs = min.toMillis();
        double ratio = (double) max.toMillis() / min.toMillis();
        List<Duration> lifetimes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double quantile = (slice[i] + random.nextDouble()) / n;
            lifetimes.add(Duration.ofMillis(Math.round(minMs * Math.pow(ratio, quantile))));
        }
        return lifetimes;
    }
}
