package dev.prognos.simulators;

import dev.prognos.core.features.vibration.BurstFeatureExtractor;
import dev.prognos.simulators.physics.BearingGeometry;
import dev.prognos.simulators.physics.DegradationPath;
import dev.prognos.simulators.physics.Fault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A motor-driven centrifugal pump (24 V DC motor, ~75 W, 4-pole, about 1470 rpm) on a 6205
 * deep-groove ball bearing that wears out, with a random second fault on some units. Pure and
 * deterministic: every parameter comes from the seed, and {@link #state} is a function of machine
 * time alone (its process noise is drawn from a generator seeded by seed and time), so the same seed
 * and time give the same state in any order.
 *
 * <p><b>Bearing wear</b> (every unit; its failure is the unit's failure). With {@code D} the damage
 * (0 until the onset, then a random gamma-bridge path to 1 at failure, {@link DegradationPath}, shape
 * calibrated on IMS test 2 bearing 1):
 * <ul>
 *   <li>vibration RMS velocity (mm/s) {@code = base · (fail/base)^D}: from a healthy 1.0–1.8 mm/s to
 *       11–14 mm/s at failure, crossing the ISO 10816-3 zone D limit of 7.1 mm/s shortly before
 *       failure; ±4 % noise. In the waveform the growth appears as lines at the outer-race defect
 *       frequency BPFO (and 2×BPFO), at BPFI, at 1× (looseness) and as broadband energy;</li>
 *   <li>kurtosis {@code = 3 + 7·D²}: Gaussian while healthy; in the waveform, impacts at BPFO ringing
 *       a 350 Hz resonance of the pump's base frame (within an ADXL345's bandwidth at 800 Hz and up), sized so that the acceleration's kurtosis is that value;</li>
 *   <li>peak velocity (mm/s) = RMS × crest factor rising from ~1.5 as impacts appear;</li>
 *   <li>bearing temperature (°C) from 42–48 towards 80–88 ({@code D²});</li>
 *   <li>motor current (A) 2.0–2.4, up to 6 % higher as friction grows; the shaft slows with load.</li>
 * </ul>
 * <b>Second fault</b> (random per unit: none 40 %, imbalance, misalignment, overheating 20 % each),
 * with a random onset and a linear growth to full severity: imbalance adds 2.5–4.5 mm/s at 1×
 * radially; misalignment 2–3.5 mm/s at 2×, strongest axially; overheating +20–30 °C and +8–12 % current.
 * None of them alone reaches zone D: the demo's ISO alerts come from bearing wear.
 *
 * <p>A failed pump stays failed: after its failure time the readings hold their failure level.
 */
public final class SimulatedMachine implements Machine {

    public static final String ASSET_TYPE = "centrifugal-pump";
    public static final String FAULT_BEARING_WEAR = Fault.BEARING_WEAR.label;

    public static final String VIB_RMS_MM_S = "vib_rms_mm_s";
    public static final String VIB_PEAK_MM_S = "vib_peak_mm_s";
    public static final String VIB_KURTOSIS = "vib_kurtosis";
    public static final String BEARING_TEMP_C = "bearing_temp_c";
    public static final String MOTOR_CURRENT_A = "motor_current_a";

    /** ISO 10816-3 zone C/D boundary (mm/s RMS): vibration that damages the machine. */
    public static final double ISO_ZONE_D_MM_S = 7.1;

    /** The degradation starts between these fractions of the lifetime (IMS test 2 bearing 1: 0.54). */
    static final double ONSET_FRACTION_MIN = 0.3;
    static final double ONSET_FRACTION_MAX = 0.6;
    /** Mean damage path a·u + (1 − a)·u^q, fitted on IMS test 2 bearing 1 (README, "Calibration"). */
    public static final double DAMAGE_LINEAR_SHARE = 0.47;
    public static final double DAMAGE_EXPONENT = 21.0;
    /** Gamma-bridge concentration: sd of the damage about its mean path ≤ 0.5/√(c+1) ≈ 0.08. */
    public static final double DAMAGE_CONCENTRATION = 40.0;
    /** Relative noise (one sigma) of the vibration readings; noise is clipped at three sigma. */
    static final double VIB_NOISE = 0.04;
    static final double NOISE_CLIP_SIGMA = 3.0;

    /** Synchronous speed of the 4-pole motor (Hz at the shaft) and its slip at rated current. */
    static final double SYNC_SHAFT_HZ = 25.0;
    static final double RATED_SLIP = 0.02;
    /** Housing resonance the bearing impacts ring (Hz) and how fast the ringing decays (s). */
    public static final double RESONANCE_HZ = 350.0;
    static final double RING_DECAY_S = 0.0008;
    /** Standard gravity (m/s² per g): the accelerometer measures in g. */
    public static final double G = 9.80665;
    /** Broadband vibration: this many lines of random frequency between 20 and 800 Hz. */
    static final int BROADBAND_LINES = 12;

    /**
     * Everything about the machine at one machine time, noise included: what the simulated sensors
     * measure. Velocities are RMS in mm/s, temperatures in °C.
     *
     * @param damage       bearing damage D, 0..1
     * @param imbalance    imbalance severity 0..1 (0 when the unit has none)
     * @param misalignment misalignment severity 0..1
     * @param overheating  overheating severity 0..1
     * @param shaftHz      shaft speed (Hz)
     */
    public record State(long machineMillis, double damage, double imbalance, double misalignment, double overheating,
                        double shaftHz, double rmsMmS, double peakMmS, double kurtosis, double bearingTempC,
                        double motorCurrentA, double supplyVoltageV, double dischargePressureBar,
                        double ambientTempC, double ambientPressurePa, double ambientHumidityPct) {

        public double shaftRpm() {
            return shaftHz * 60;
        }
    }

    private final String device;
    private final long seed;
    private final List<GroundTruth> truths;
    private final long onsetMillis;
    private final long failureMillis;
    private final DegradationPath path;
    private final double baseRmsMmS;
    private final double failRmsMmS;
    private final double baseTempC;
    private final double failTempC;
    private final double baseCurrentA;
    private final double ambientTempC;
    private final double nominalPressureBar;
    // Second fault: its kind (null for none), onset, full severity, and level at full severity.
    private final Fault secondFault;
    private final long secondOnsetMillis;
    private final long secondFullMillis;
    private final double secondLevel;
    // Waveform: line phases and the broadband lines (Hz, phase), fixed per unit.
    private final double[] phases;
    private final double[] broadbandHz;
    private final double[] broadbandPhase;

    private SimulatedMachine(String device, long seed, long startMillis, long onsetMillis, long failureMillis) {
        this.device = device;
        this.seed = seed;
        this.onsetMillis = onsetMillis;
        this.failureMillis = failureMillis;
        SplittableRandom params = new SplittableRandom(seed);
        this.baseRmsMmS = uniform(params, 1.0, 1.8);
        this.failRmsMmS = uniform(params, 11.0, 14.0);
        this.baseTempC = uniform(params, 42.0, 48.0);
        this.failTempC = uniform(params, 80.0, 88.0);
        this.baseCurrentA = uniform(params, 2.0, 2.4);
        // Generators of their own, so the levels above stay what they were before these existed.
        SplittableRandom more = new SplittableRandom(seed ^ 0x70756D70L);
        this.ambientTempC = uniform(more, 18.0, 28.0);
        this.nominalPressureBar = uniform(more, 3.5, 5.0);
        this.path = DegradationPath.sample(seed ^ 0x77656172L, DAMAGE_LINEAR_SHARE, DAMAGE_EXPONENT, DAMAGE_CONCENTRATION);

        long life = failureMillis - startMillis;
        double pick = more.nextDouble();
        this.secondFault = pick < 0.4 ? null : pick < 0.6 ? Fault.IMBALANCE : pick < 0.8 ? Fault.MISALIGNMENT : Fault.OVERHEATING;
        this.secondOnsetMillis = startMillis + Math.round(life * uniform(more, 0.1, 0.6));
        this.secondFullMillis = Math.min(failureMillis, secondOnsetMillis + Math.max(1, Math.round(life * uniform(more, 0.2, 0.4))));
        this.secondLevel = secondFault == null ? 0 : switch (secondFault) {
            case IMBALANCE -> uniform(more, 2.5, 4.5);    // mm/s at 1x
            case MISALIGNMENT -> uniform(more, 2.0, 3.5); // mm/s at 2x
            default -> uniform(more, 20.0, 30.0);         // °C
        };

        List<GroundTruth> list = new ArrayList<>();
        list.add(new GroundTruth(device, Fault.BEARING_WEAR.label, onsetMillis, failureMillis));
        if (secondFault != null && secondFullMillis > secondOnsetMillis) {
            list.add(new GroundTruth(device, secondFault.label, secondOnsetMillis, secondFullMillis));
        }
        this.truths = List.copyOf(list);

        this.phases = new double[8];
        for (int i = 0; i < phases.length; i++) {
            phases[i] = more.nextDouble() * 2 * Math.PI;
        }
        this.broadbandHz = new double[BROADBAND_LINES];
        this.broadbandPhase = new double[BROADBAND_LINES];
        for (int i = 0; i < BROADBAND_LINES; i++) {
            broadbandHz[i] = 20 * Math.pow(40, more.nextDouble()); // log-uniform 20..800 Hz, well inside the ISO band
            broadbandPhase[i] = more.nextDouble() * 2 * Math.PI;
        }
    }

    /**
     * The impact train's own RMS, kurtosis and RMS velocity, measured once over 2 s at 10 kHz at nominal
     * speed (the train does not depend on the unit): the waveform scales it to give the kurtosis the damage
     * calls for. Its RMS velocity over the ISO band comes from core's own feature code: the impacts' harmonics
     * of BPFO fall inside the band and count towards the RMS velocity the agent will compute.
     */
    private static final class UnitImpacts {
        static final double RMS;
        static final double KURTOSIS;
        static final double VELOCITY_MM_S;

        static {
            double bpfo = BearingGeometry.DEEP_GROOVE_6205.bpfoHz(SYNC_SHAFT_HZ * (1 - RATED_SLIP));
            int n = 20_000;
            double[] train = new double[n];
            double s2 = 0;
            double s4 = 0;
            for (int i = 0; i < n; i++) {
                double v = impacts(i / 10_000.0, bpfo);
                train[i] = v * G;
                s2 += v * v;
                s4 += v * v * v * v;
            }
            RMS = Math.sqrt(s2 / n);
            KURTOSIS = (s4 / n) / Math.pow(s2 / n, 2);
            VELOCITY_MM_S = BurstFeatureExtractor.withDefaults(10_000, n).extract(train).rmsVelocityMmS();
        }
    }

    /**
     * A pump that starts its life at {@code startMillis} and fails {@code lifetime} later (machine
     * time); the degradation onset, the second fault and every level come from {@code seed}.
     *
     * @param startMillis start of life, epoch milliseconds of machine time (the fleet's start)
     * @param lifetime    time from start to failure; at least 1 s
     */
    public static SimulatedMachine create(String device, long seed, long startMillis, Duration lifetime) {
        Objects.requireNonNull(device, "device");
        if (lifetime.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("lifetime must be at least 1 s, got " + lifetime);
        }
        // A generator of its own for the onset, so the levels do not depend on the lifetime.
        double onsetFraction = uniform(new SplittableRandom(seed ^ 0x6F6E736574L), ONSET_FRACTION_MIN, ONSET_FRACTION_MAX);
        long lifeMillis = lifetime.toMillis();
        long onset = startMillis + Math.round(lifeMillis * onsetFraction);
        return new SimulatedMachine(device, seed, startMillis, onset, startMillis + lifeMillis);
    }

    @Override
    public String assetType() {
        return ASSET_TYPE;
    }

    /** The bearing wear, the fault that ends the unit's life. */
    @Override
    public GroundTruth groundTruth() {
        return truths.get(0);
    }

    /** Every fault of this unit: bearing wear first, then the second fault if it has one. */
    @Override
    public List<GroundTruth> groundTruths() {
        return truths;
    }

    public String device() {
        return device;
    }

    /** Bearing degradation progress at that time: 0 while healthy, 1 at and after failure. */
    public double progress(long tsMillis) {
        if (tsMillis <= onsetMillis) {
            return 0.0;
        }
        if (tsMillis >= failureMillis) {
            return 1.0;
        }
        return (double) (tsMillis - onsetMillis) / (failureMillis - onsetMillis);
    }

    /** Bearing damage D at that time: 0 while healthy, following this unit's random path to 1 at failure. */
    public double damage(long tsMillis) {
        return path.at(progress(tsMillis));
    }

    /** RMS velocity (mm/s) of the bearing-wear part, without noise. */
    public double bearingRmsMmS(long tsMillis) {
        return baseRmsMmS * Math.pow(failRmsMmS / baseRmsMmS, damage(tsMillis));
    }

    /** Overall RMS velocity (mm/s) without noise: what the noisy reading scatters around. */
    public double expectedRmsMmS(long tsMillis) {
        double bearing = bearingRmsMmS(tsMillis);
        double imbalance = level(Fault.IMBALANCE, tsMillis);
        double misalignment = level(Fault.MISALIGNMENT, tsMillis);
        return Math.sqrt(bearing * bearing + imbalance * imbalance + misalignment * misalignment);
    }

    /** The second fault's severity, 0..1, at that time (0 for a unit without that fault). */
    public double severity(Fault fault, long tsMillis) {
        if (fault != secondFault || tsMillis <= secondOnsetMillis) {
            return 0;
        }
        if (tsMillis >= secondFullMillis) {
            return 1;
        }
        return (double) (tsMillis - secondOnsetMillis) / (secondFullMillis - secondOnsetMillis);
    }

    private double level(Fault fault, long tsMillis) {
        return severity(fault, tsMillis) * (fault == secondFault ? secondLevel : 0);
    }

    /** The machine at that machine time, noise included. */
    public State state(long tsMillis) {
        double d = damage(tsMillis);
        double overheating = severity(Fault.OVERHEATING, tsMillis);
        SplittableRandom noise = new SplittableRandom(mix(seed, tsMillis));
        double rms = expectedRmsMmS(tsMillis) * (1 + VIB_NOISE * gaussian(noise));
        double crest = (1.5 + 1.7 * d * d) * (1 + 0.03 * gaussian(noise));
        double kurtosis = (3.0 + 7.0 * d * d) * (1 + 0.03 * gaussian(noise));
        double tempC = baseTempC + (failTempC - baseTempC) * d * d + level(Fault.OVERHEATING, tsMillis)
                + 0.3 * gaussian(noise);
        double currentA = baseCurrentA * (1 + 0.06 * d) * (1 + 0.10 * overheating) * (1 + 0.01 * gaussian(noise));
        // Slip grows with load (current): the shaft turns a little slower as the bearing drags.
        double shaftHz = SYNC_SHAFT_HZ * (1 - RATED_SLIP * currentA / 2.2);
        double voltage = 24.0 - 0.05 * currentA + 0.02 * gaussian(noise); // supply droop over the leads (V)
        double pressure = nominalPressureBar * Math.pow(shaftHz / (SYNC_SHAFT_HZ * (1 - RATED_SLIP)), 2)
                * (1 + 0.005 * gaussian(noise)); // affinity law: head ~ speed²
        double ambient = ambientTempC + 0.2 * gaussian(noise);
        double ambientPa = 101_325 + 80 * gaussian(noise);
        double humidity = 45 + 1.0 * gaussian(noise);
        return new State(tsMillis, d, severity(Fault.IMBALANCE, tsMillis), severity(Fault.MISALIGNMENT, tsMillis),
                overheating, shaftHz, rms, rms * crest, kurtosis, tempC, currentA, voltage, pressure,
                ambient, ambientPa, humidity);
    }

    @Override
    public Map<String, Double> sample(long tsMillis) {
        State s = state(tsMillis);
        Map<String, Double> readings = new LinkedHashMap<>();
        readings.put(VIB_RMS_MM_S, round(s.rmsMmS(), 3));
        readings.put(VIB_PEAK_MM_S, round(s.peakMmS(), 3));
        readings.put(VIB_KURTOSIS, round(s.kurtosis(), 3));
        readings.put(BEARING_TEMP_C, round(s.bearingTempC(), 2));
        readings.put(MOTOR_CURRENT_A, round(s.motorCurrentA(), 3));
        return readings;
    }

    /**
     * The vibration at one machine state, as a function of (real) time: what an accelerometer on
     * the bearing housing measures. Wear moves with machine time, the shaft turns in real time, so
     * a burst of a second shows the machine at one state whatever the time compression.
     */
    public Waveform waveform(long machineMillis) {
        return new Waveform(this, machineMillis);
    }

    /** Vibration acceleration (g, gravity excluded) at the bearing housing: radial vertical, radial horizontal, axial. */
    public static final class Waveform {
        private final SimulatedMachine m;
        private final double shaftHz;
        private final double bpfoHz;
        private final double bpfiHz;
        // Acceleration amplitudes (g, peak) of the radial lines: 1x, 2x, BPFO, 2xBPFO, BPFI.
        private double a1x;
        private double a2x;
        private double aBpfo;
        private double aBpfo2;
        private double aBpfi;
        private final double[] aBroadband;
        private double impactScale; // multiplies the unit impact train (g)
        private final double axial2x;     // axial 2x amplitude (g, peak)
        private final double axial1x;

        Waveform(SimulatedMachine m, long machineMillis) {
            this.m = m;
            State s = m.state(machineMillis);
            this.shaftHz = s.shaftHz();
            this.bpfoHz = BearingGeometry.DEEP_GROOVE_6205.bpfoHz(shaftHz);
            this.bpfiHz = BearingGeometry.DEEP_GROOVE_6205.bpfiHz(shaftHz);
            double base = m.baseRmsMmS;
            double bearing = m.bearingRmsMmS(machineMillis) * s.rmsMmS() / Math.max(1e-9, m.expectedRmsMmS(machineMillis));
            double extra = Math.sqrt(Math.max(0, bearing * bearing - base * base));
            double imbalance = m.level(Fault.IMBALANCE, machineMillis);
            double misalignment = m.level(Fault.MISALIGNMENT, machineMillis);
            // Velocity RMS per line (mm/s); energy shares of the healthy and of the wear part.
            double v1x = Math.sqrt(0.49 * base * base + 0.15 * extra * extra + imbalance * imbalance);
            double v2x = Math.sqrt(0.09 * base * base + misalignment * misalignment);
            double vBpfo = Math.sqrt(0.40) * extra;
            double vBpfo2 = Math.sqrt(0.15) * extra;
            double vBpfi = Math.sqrt(0.10) * extra;
            double vBroad = Math.sqrt(0.42 * base * base + 0.20 * extra * extra);
            double a1 = accelPeakG(v1x, shaftHz);
            double a2 = accelPeakG(v2x, 2 * shaftHz);
            double aO = accelPeakG(vBpfo, bpfoHz);
            double aO2 = accelPeakG(vBpfo2, 2 * bpfoHz);
            double aI = accelPeakG(vBpfi, bpfiHz);
            double[] aB = new double[BROADBAND_LINES];
            double perLine = vBroad / Math.sqrt(BROADBAND_LINES);
            double varianceRest = 0.5 * (a1 * a1 + a2 * a2 + aO * aO + aO2 * aO2 + aI * aI);
            for (int i = 0; i < BROADBAND_LINES; i++) {
                aB[i] = accelPeakG(perLine, m.broadbandHz[i]);
                varianceRest += 0.5 * aB[i] * aB[i];
            }
            // Kurtosis of a sum of independent parts: K = 3 + (K_impacts − 3)·f², f the impacts' share of
            // the variance. Solve for f from the kurtosis the damage calls for.
            double excess = Math.max(0, s.kurtosis() - 3);
            double f = Math.min(0.95, Math.sqrt(excess / Math.max(1e-9, UnitImpacts.KURTOSIS - 3)));
            double scale = Math.sqrt(f / (1 - f) * varianceRest) / UnitImpacts.RMS;
            // The impacts add RMS velocity of their own (their BPFO harmonics lie in the ISO band). Every
            // part scales together (the impacts are sized relative to the rest), so one factor k brings the
            // total velocity back to what the state says: k² (Σ lines² + impacts²) = target².
            double lines2 = v1x * v1x + v2x * v2x + vBpfo * vBpfo + vBpfo2 * vBpfo2 + vBpfi * vBpfi + vBroad * vBroad;
            double vImpact = scale * UnitImpacts.VELOCITY_MM_S;
            double target = s.rmsMmS();
            double k = target / Math.sqrt(lines2 + vImpact * vImpact);
            this.a1x = k * a1;
            this.a2x = k * a2;
            this.aBpfo = k * aO;
            this.aBpfo2 = k * aO2;
            this.aBpfi = k * aI;
            this.aBroadband = new double[BROADBAND_LINES];
            for (int i = 0; i < BROADBAND_LINES; i++) {
                aBroadband[i] = k * aB[i];
            }
            this.impactScale = k * scale;
            this.axial1x = accelPeakG(0.4 * Math.sqrt(0.49) * base, shaftHz);
            this.axial2x = accelPeakG(Math.sqrt(0.3 * 0.3 * base * base + misalignment * misalignment), 2 * shaftHz);
            // The impact comb and the BPFO lines are coherent, so the sum above is only close; measure the
            // RMS velocity of one second as core's feature code computes it and scale to the target.
            // The ratio depends on the mix of parts, not on the level: cache it per (damage, faults, kurtosis) step.
            long key = Math.round(s.damage() * 100) << 40 | Math.round(s.imbalance() * 20) << 30
                    | Math.round(s.misalignment() * 20) << 20 | Math.round(s.kurtosis() * 5);
            double ratio = m.calibration.computeIfAbsent(key, k2 -> {
                double measured = m.measureVelocityMmS(this);
                return measured > 0 ? target / measured : 1.0;
            });
            if (ratio != 1.0) {
                double c = ratio;
                a1x *= c;
                a2x *= c;
                aBpfo *= c;
                aBpfo2 *= c;
                aBpfi *= c;
                for (int i = 0; i < BROADBAND_LINES; i++) {
                    aBroadband[i] *= c;
                }
                impactScale *= c;
            }
        }

        /** Shaft speed during this waveform (Hz). */
        public double shaftHz() {
            return shaftHz;
        }

        public double bpfoHz() {
            return bpfoHz;
        }

        public double bpfiHz() {
            return bpfiHz;
        }

        /** Radial vertical acceleration (g) at real time {@code t} seconds: the full radial vibration. */
        public double verticalG(double t) {
            return verticalG(t, Double.POSITIVE_INFINITY);
        }

        /**
         * The same, as seen through a sensor of bandwidth {@code bandwidthHz} (Hz): parts above it are
         * left out (a brick-wall anti-aliasing filter; the ADXL345's digital filter passes ODR/2). The
         * impacts ring the housing resonance and are kept only when the bandwidth reaches it.
         */
        public double verticalG(double t, double bandwidthHz) {
            double[] p = m.phases;
            double w = 2 * Math.PI * t;
            double x = line(a1x, shaftHz, w, p[0], bandwidthHz)
                    + line(a2x, 2 * shaftHz, w, p[1], bandwidthHz)
                    + line(aBpfo, bpfoHz, w, p[2], bandwidthHz)
                    + line(aBpfo2, 2 * bpfoHz, w, p[3], bandwidthHz)
                    + line(aBpfi, bpfiHz, w, p[4], bandwidthHz);
            for (int i = 0; i < BROADBAND_LINES; i++) {
                x += line(aBroadband[i], m.broadbandHz[i], w, m.broadbandPhase[i], bandwidthHz);
            }
            if (impactScale > 0 && bandwidthHz >= RESONANCE_HZ) {
                if (Double.isInfinite(bandwidthHz)) {
                    x += impactScale * impacts(t, bpfoHz);
                } else {
                    // Impacts are broadband: sampled bare they would alias (energy near the sampling rate folding
                    // to near 0 Hz, where it counts most as velocity). Average them over the sample period, as a
                    // sensor's decimation filter does: a sinc response with its first null at the output rate.
                    double period = 0.5 / bandwidthHz;
                    double sum = 0;
                    for (int i = 0; i < IMPACT_SUBSAMPLES; i++) {
                        sum += impacts(t - period * (i + 0.5) / IMPACT_SUBSAMPLES, bpfoHz);
                    }
                    x += impactScale * sum / IMPACT_SUBSAMPLES;
                }
            }
            return x;
        }

        private static double line(double amplitude, double hz, double omegaT, double phase, double bandwidthHz) {
            return hz <= bandwidthHz ? amplitude * Math.sin(omegaT * hz + phase) : 0.0;
        }

        /** Radial horizontal (g): the radial motion a quarter of a revolution later, a little weaker (stiffer direction). */
        public double horizontalG(double t, double bandwidthHz) {
            return 0.8 * verticalG(t + 0.25 / shaftHz, bandwidthHz);
        }

        /** Axial (g): misalignment shows here at 2×. */
        public double axialG(double t, double bandwidthHz) {
            double w = 2 * Math.PI * t;
            return line(axial1x, shaftHz, w, m.phases[5], bandwidthHz) + line(axial2x, 2 * shaftHz, w, m.phases[6], bandwidthHz);
        }

        private static double accelPeakG(double velocityRmsMmS, double hz) {
            return Math.sqrt(2) * velocityRmsMmS / 1000 * 2 * Math.PI * hz / G;
        }
    }

    /** One second of radial vibration at 4096 Hz, for calibrating a waveform's RMS velocity. */
    private static final int CALIBRATION_RATE_HZ = 4096;
    private static final double[] CALIBRATION_STARTS_S = {100.0, 117.3, 131.9, 158.6};
    private final double[] calibrationBurst = new double[CALIBRATION_RATE_HZ];
    private final java.util.concurrent.ConcurrentHashMap<Long, Double> calibration = new java.util.concurrent.ConcurrentHashMap<>();
    private BurstFeatureExtractor calibrationExtractor;

    private synchronized double measureVelocityMmS(Waveform w) {
        if (calibrationExtractor == null) {
            calibrationExtractor = BurstFeatureExtractor.withDefaults(CALIBRATION_RATE_HZ, CALIBRATION_RATE_HZ);
        }
        // Lines close in frequency beat, so one second's RMS varies by several per cent with where it
        // starts: calibrate on the mean square of four seconds.
        double sum = 0;
        for (double t0 : CALIBRATION_STARTS_S) {
            for (int i = 0; i < CALIBRATION_RATE_HZ; i++) {
                calibrationBurst[i] = w.verticalG(t0 + (double) i / CALIBRATION_RATE_HZ) * G;
            }
            double v = calibrationExtractor.extract(calibrationBurst).rmsVelocityMmS();
            sum += v * v;
        }
        return Math.sqrt(sum / CALIBRATION_STARTS_S.length);
    }

    /**
     * The outer-race impact train at unit strength: each pass of a ball over the spall rings the
     * housing resonance, decaying within a few ms. Impacts come every 1/BPFO s with a little jitter
     * (the balls slip); only the last few still count, the decay being far shorter than the period.
     */
    static double impacts(double t, double bpfoHz) {
        double period = 1.0 / bpfoHz;
        long k = (long) Math.floor(t / period);
        double omega = 2 * Math.PI * RESONANCE_HZ;
        // A decaying sine has a net area (ω / (ω² + 1/τ²)); a slow exponential of the same area is taken away,
        // so the train has no DC part (an acceleration with a mean would be a drifting velocity).
        double area = omega / (omega * omega + 1 / (RING_DECAY_S * RING_DECAY_S));
        double sum = 0;
        for (long j = k - IMPACT_TAIL; j <= k; j++) {
            double jitter = 0.02 * period * (((mix(j, 0x6A) >>> 11) * 0x1.0p-53) - 0.5);
            double dt = t - (j * period + jitter);
            if (dt >= 0) {
                sum += Math.exp(-dt / RING_DECAY_S) * Math.sin(omega * dt)
                        - area / BASELINE_DECAY_S * Math.exp(-dt / BASELINE_DECAY_S);
            }
        }
        return sum;
    }

    /** Decay of the area-cancelling baseline (s) and how many earlier impacts still count (its tail). */
    static final double BASELINE_DECAY_S = 0.004;
    static final int IMPACT_TAIL = 6;
    /** Sub-samples per output sample when the impacts are seen through a finite bandwidth. */
    static final int IMPACT_SUBSAMPLES = 8;

    @Override
    public String toString() {
        return "SimulatedMachine[" + device + ", " + truths + "]";
    }

    private static double uniform(SplittableRandom r, double from, double to) {
        return from + (to - from) * r.nextDouble();
    }

    private static double gaussian(SplittableRandom r) {
        return Math.max(-NOISE_CLIP_SIGMA, Math.min(NOISE_CLIP_SIGMA, r.nextGaussian()));
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }

    /** SplitMix64 finaliser over seed and time: neighbouring times get unrelated noise. */
    static long mix(long seed, long tsMillis) {
        long z = seed + 0x9E3779B97F4A7C15L * (tsMillis + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
