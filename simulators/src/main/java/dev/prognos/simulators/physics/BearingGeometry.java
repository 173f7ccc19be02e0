package dev.prognos.simulators.physics;

/**
 * A rolling-element bearing's geometry and its defect frequencies (the standard kinematic
 * formulas, e.g. Randall &amp; Antoni, "Rolling element bearing diagnostics — a tutorial", 2011).
 * A defect on a race or a rolling element is struck at one of these rates; the lines in the
 * spectrum and the impacts in the waveform are what vibration analysis looks for.
 *
 * @param rollingElements  number of balls or rollers
 * @param elementDiameterMm ball or roller diameter (mm)
 * @param pitchDiameterMm  pitch circle diameter (mm)
 * @param contactAngleDeg  contact angle (degrees; 0 for a deep-groove ball bearing under radial load)
 */
public record BearingGeometry(int rollingElements, double elementDiameterMm, double pitchDiameterMm, double contactAngleDeg) {

    /** SKF/FAG 6205 deep-groove ball bearing, the usual bearing of a small pump motor: 9 balls of 7.94 mm on a 39.04 mm pitch circle. */
    public static final BearingGeometry DEEP_GROOVE_6205 = new BearingGeometry(9, 7.94, 39.04, 0.0);

    /** Rexnord ZA-2115 double-row roller bearing of the IMS test rig: 16 rollers of 0.331 in on 2.815 in, 15.17°. */
    public static final BearingGeometry REXNORD_ZA_2115 = new BearingGeometry(16, 0.331 * 25.4, 2.815 * 25.4, 15.17);

    public BearingGeometry {
        if (rollingElements < 3 || elementDiameterMm <= 0 || pitchDiameterMm <= elementDiameterMm) {
            throw new IllegalArgumentException("not a bearing: " + rollingElements + " elements of " + elementDiameterMm
                    + " mm on a " + pitchDiameterMm + " mm pitch circle");
        }
    }

    private double ratio() {
        return elementDiameterMm / pitchDiameterMm * Math.cos(Math.toRadians(contactAngleDeg));
    }

    /** Ball pass frequency, outer race (Hz), at shaft speed {@code shaftHz} (Hz): an outer-race spall is struck this often. */
    public double bpfoHz(double shaftHz) {
        return rollingElements / 2.0 * shaftHz * (1 - ratio());
    }

    /** Ball pass frequency, inner race (Hz). */
    public double bpfiHz(double shaftHz) {
        return rollingElements / 2.0 * shaftHz * (1 + ratio());
    }

    /** Ball (roller) spin frequency (Hz). */
    public double bsfHz(double shaftHz) {
        double r = ratio();
        return pitchDiameterMm / (2 * elementDiameterMm) * shaftHz * (1 - r * r);
    }

    /** Fundamental train (cage) frequency (Hz). */
    public double ftfHz(double shaftHz) {
        return shaftHz / 2 * (1 - ratio());
    }
}
