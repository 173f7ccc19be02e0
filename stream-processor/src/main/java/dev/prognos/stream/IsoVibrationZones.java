package dev.prognos.stream;

/**
 * ISO 10816-3:2009 (Mechanical vibration — Evaluation of machine vibration by measurements on
 * non-rotating parts — Part 3: Industrial machines with nominal power above 15 kW), Annex A,
 * Tables A.1 and A.2: evaluation zone boundaries of broad-band RMS vibration velocity (10–1000 Hz),
 * in mm/s, per machine group and foundation. Zones: A newly commissioned; B unrestricted long-term
 * operation; C restricted, plan maintenance; D damage may occur.
 *
 * <p>Group 1: large machines, 300 kW to 50 MW (and electrical machines with shaft height ≥ 315 mm).
 * Group 2: medium machines, 15 kW to 300 kW (shaft height 160–315 mm). A foundation is rigid when
 * the lowest natural frequency of machine and foundation is at least 25 % above the main
 * excitation frequency, else flexible.
 */
public enum IsoVibrationZones {

    //                 A/B  B/C   C/D   (mm/s RMS)
    GROUP1_RIGID(2.3, 4.5, 7.1),
    GROUP1_FLEXIBLE(3.5, 7.1, 11.0),
    GROUP2_RIGID(1.4, 2.8, 4.5),
    GROUP2_FLEXIBLE(2.3, 4.5, 7.1);

    /** The reading the zones apply to: broad-band RMS velocity, mm/s. */
    public static final String READING = "vib_rms_mm_s";

    private final double ab;
    private final double bc;
    private final double cd;

    IsoVibrationZones(double ab, double bc, double cd) {
        this.ab = ab;
        this.bc = bc;
        this.cd = cd;
    }

    /** Zone of an RMS velocity in mm/s: 'A' below the A/B boundary ... 'D' at or above C/D. */
    public char zone(double rmsMmS) {
        if (rmsMmS >= cd) {
            return 'D';
        }
        if (rmsMmS >= bc) {
            return 'C';
        }
        return rmsMmS >= ab ? 'B' : 'A';
    }

    /** Lower boundary of zone B, C or D, in mm/s. */
    public double lowerBoundary(char zone) {
        return switch (zone) {
            case 'B' -> ab;
            case 'C' -> bc;
            case 'D' -> cd;
            default -> throw new IllegalArgumentException("zone must be B, C or D, got " + zone);
        };
    }

    /** {@code group2-flexible} → {@link #GROUP2_FLEXIBLE}; the error lists the accepted names. */
    public static IsoVibrationZones parse(String name) {
        for (IsoVibrationZones z : values()) {
            if (z.optionName().equals(name)) {
                return z;
            }
        }
        throw new IllegalArgumentException("unknown ISO 10816-3 machine class '" + name
                + "', expected one of group1-rigid, group1-flexible, group2-rigid, group2-flexible");
    }

    public String optionName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
