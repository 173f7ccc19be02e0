package dev.prognos.simulators;

/**
 * Time compression: machine time runs {@code speed} times faster than the wall clock from a common
 * start, so a month of wear passes in minutes while shafts still turn and sensors still sample in
 * real time. Machine time is what the wear models take; wall time is what telemetry carries
 * ({@code ts}) and what the ground-truth file is written in.
 */
public final class SimulationClock {

    private final long startWallMillis;
    private final long startNanos;
    private final double speed;

    /**
     * @param startWallMillis the common start, epoch ms (machine time equals wall time here)
     * @param startNanos      {@link System#nanoTime()} at that start
     * @param speed           machine seconds per wall second, ≥ 1
     */
    public SimulationClock(long startWallMillis, long startNanos, double speed) {
        if (!(speed >= 1) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("speed must be at least 1, got " + speed);
        }
        this.startWallMillis = startWallMillis;
        this.startNanos = startNanos;
        this.speed = speed;
    }

    /** Starting now. */
    public static SimulationClock startingNow(double speed) {
        return new SimulationClock(System.currentTimeMillis(), System.nanoTime(), speed);
    }

    public long startWallMillis() {
        return startWallMillis;
    }

    public long startNanos() {
        return startNanos;
    }

    public double speed() {
        return speed;
    }

    /** Machine time (epoch ms) at wall time {@code wallMillis} (epoch ms). */
    public long machineMillis(long wallMillis) {
        return startWallMillis + Math.round((wallMillis - startWallMillis) * speed);
    }

    /** Wall time (epoch ms) at which machine time reaches {@code machineMillis}. */
    public long wallMillis(long machineMillis) {
        return startWallMillis + Math.round((machineMillis - startWallMillis) / speed);
    }

    /** Machine time (epoch ms) at a {@link System#nanoTime()} instant. */
    public long machineMillisAtNanos(long nanos) {
        return startWallMillis + Math.round((nanos - startNanos) / 1e6 * speed);
    }

    /** Real seconds since the start at a {@link System#nanoTime()} instant: the time axis of waveforms. */
    public double secondsAtNanos(long nanos) {
        return (nanos - startNanos) / 1e9;
    }

    /** A ground-truth record in machine time, converted to the wall time telemetry carries. */
    public GroundTruth toWall(GroundTruth machine) {
        long onset = wallMillis(machine.onsetMillis());
        long failure = Math.max(onset + 1, wallMillis(machine.failureMillis()));
        return new GroundTruth(machine.device(), machine.fault(), onset, failure);
    }
}
