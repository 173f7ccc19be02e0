package dev.prognos.simulators.chips;

import java.util.ArrayDeque;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;

/**
 * An Analog Devices ADXL345 3-axis accelerometer (datasheet Rev. G) on I2C: DEVID 0xE5 at 0x00,
 * offsets OFSX..OFSZ (0x1E..0x20, 15.6 mg/LSB), BW_RATE (0x2C, output data rate 0.1–3200 Hz),
 * POWER_CTL (0x2D, measure bit 3), INT_ENABLE / INT_MAP / INT_SOURCE (0x2E, 0x2F, 0x30:
 * DATA_READY, WATERMARK, OVERRUN), DATA_FORMAT (0x31: range ±2..±16 g, FULL_RES, justify),
 * DATAX0..DATAZ1 (0x32..0x37, two's complement, little-endian), FIFO_CTL (0x38: bypass, FIFO,
 * stream; watermark) and FIFO_STATUS (0x39: entries).
 *
 * <p>Time is real: once the measure bit is set, the chip takes a sample every 1/ODR seconds of
 * {@link LongSupplier nanos}; each sample is {@link Source} at that instant plus ~1 LSB of noise,
 * scaled and clipped to the format. In bypass mode the data registers hold the newest sample. In
 * FIFO and stream modes samples queue in the 32-entry FIFO (stream: the oldest are overwritten and
 * OVERRUN is set; FIFO: collection stops when full); a read transaction that starts in the data
 * registers pops one entry, as the datasheet describes.
 */
public final class Adxl345Chip extends RegisterFileChip {

    public static final int DEVID = 0x00;
    public static final int DEVID_VALUE = 0xE5;
    public static final int OFSX = 0x1E;
    public static final int BW_RATE = 0x2C;
    public static final int POWER_CTL = 0x2D;
    public static final int INT_ENABLE = 0x2E;
    public static final int INT_MAP = 0x2F;
    public static final int INT_SOURCE = 0x30;
    public static final int DATA_FORMAT = 0x31;
    public static final int DATAX0 = 0x32;
    public static final int FIFO_CTL = 0x38;
    public static final int FIFO_STATUS = 0x39;
    public static final int FIFO_DEPTH = 32;
    /** LSB of the full-resolution format and of the ±2 g 10-bit format (g). */
    public static final double LSB_G = 0.0039;

    /** What the chip is shaken with: acceleration in g on its three axes at a {@link System#nanoTime()} instant. */
    public interface Source {
        /**
         * Writes x, y, z (g) into {@code out}, as passed by the chip's anti-aliasing filter: content
         * above {@code bandwidthHz} (ODR/2, datasheet table 7) left out.
         */
        void accelerationG(long nanos, double bandwidthHz, double[] out);
    }

    private final Source source;
    private final LongSupplier nanos;
    private final SplittableRandom noise;
    private final ArrayDeque<short[]> fifo = new ArrayDeque<>();
    private final double[] g = new double[3];
    private long startNanos;    // sampling clock origin (measure bit set, or rate changed)
    private long sampled;       // samples taken since startNanos
    private short[] latest = {0, 0, 0};
    private boolean overrun;
    private final boolean absorbHostStalls;
    private long lastAccessNanos;

    /** A strict chip: its sampling clock is the host's, so a reader that stalls loses samples as on a real board. */
    public Adxl345Chip(Source source, LongSupplier nanos, long noiseSeed) {
        this(source, nanos, noiseSeed, false);
    }

    /**
     * @param absorbHostStalls when true, a gap between two bus accesses longer than three quarters of the
     *                         FIFO (24 samples) pauses the chip's sampling clock for the excess: the simulated
     *                         board is frozen while the simulator's host is starved (a garbage collection, a
     *                         machine running many builds), as a paused virtual machine is. Readers that keep
     *                         up see no difference; what they can no longer see is their own slowness.
     */
    public Adxl345Chip(Source source, LongSupplier nanos, long noiseSeed, boolean absorbHostStalls) {
        this.source = source;
        this.nanos = nanos;
        this.absorbHostStalls = absorbHostStalls;
        this.noise = new SplittableRandom(noiseSeed);
        registers[DEVID] = (byte) DEVID_VALUE;
        registers[BW_RATE] = 0x0A; // 100 Hz
        registers[INT_SOURCE] = 0x02;
    }

    /** Output data rate (Hz) of a BW_RATE rate code: 3200 Hz at 0xF, halving per step down. */
    public static double odrHz(int rateCode) {
        return 3200.0 / (1 << (15 - (rateCode & 0x0F)));
    }

    @Override
    protected boolean writable(int register) {
        return (register >= 0x1D && register <= 0x2A) || (register >= BW_RATE && register <= INT_MAP)
                || register == DATA_FORMAT || register == FIFO_CTL;
    }

    /** Now on the chip's clock, after absorbing a host stall if configured to. */
    private long now() {
        long now = nanos.getAsLong();
        if (absorbHostStalls && measuring() && lastAccessNanos != 0) {
            long limitNanos = (long) ((FIFO_DEPTH - 8) / odrHz(u8(BW_RATE)) * 1e9);
            long gap = now - lastAccessNanos;
            if (gap > limitNanos) {
                startNanos += gap - limitNanos;
            }
        }
        lastAccessNanos = now;
        return now;
    }

    @Override
    protected void written(int register, int value) {
        long now = now();
        if (register == POWER_CTL || register == BW_RATE) {
            catchUp(now);
            startNanos = now;
            sampled = 0;
        } else if (register == FIFO_CTL) {
            catchUp(now);
            if (mode() == 0) {
                fifo.clear(); // bypass clears the FIFO
            }
        }
    }

    private boolean measuring() {
        return (u8(POWER_CTL) & 0x08) != 0;
    }

    private int mode() {
        return (u8(FIFO_CTL) >> 6) & 0b11;
    }

    /** Takes every sample due by {@code now} (at most a FIFO's worth plus one, the rest would be overwritten). */
    private void catchUp(long now) {
        if (!measuring()) {
            return;
        }
        double odr = odrHz(u8(BW_RATE));
        long due = (long) Math.floor((now - startNanos) * 1e-9 * odr);
        if (due <= sampled) {
            return;
        }
        long from = Math.max(sampled, due - FIFO_DEPTH - 1);
        if (from > sampled && mode() == 2) {
            overrun = true; // stream mode: samples were overwritten unread
        }
        for (long k = from; k < due; k++) {
            long t = startNanos + Math.round((k + 1) / odr * 1e9);
            short[] sample = sample(t, odr / 2);
            latest = sample;
            int mode = mode();
            if (mode == 1 || mode == 2 || mode == 3) {
                if (fifo.size() == FIFO_DEPTH) {
                    if (mode == 2 || mode == 3) {
                        fifo.removeFirst();
                        overrun = true;
                    } else {
                        continue; // FIFO mode: full, stops collecting
                    }
                }
                fifo.addLast(sample);
            }
        }
        sampled = due;
    }

    private short[] sample(long t, double bandwidthHz) {
        source.accelerationG(t, bandwidthHz, g);
        int format = u8(DATA_FORMAT);
        int range = format & 0b11;                // ±2, 4, 8, 16 g
        boolean fullRes = (format & 0x08) != 0;
        double lsb = fullRes ? LSB_G : LSB_G * (1 << range);
        int bits = fullRes ? 10 + range : 10;
        int max = (1 << (bits - 1)) - 1;
        short[] out = new short[3];
        for (int axis = 0; axis < 3; axis++) {
            double offsetG = registers[OFSX + axis] * 0.0156; // signed, 15.6 mg/LSB
            // ~1 LSB of noise (datasheet: 0.75 LSB rms at 100 Hz, more at high rates), then quantised.
            long counts = Math.round((g[axis] + offsetG) / lsb + 0.8 * noise.nextGaussian());
            int clipped = (int) Math.max(-max - 1, Math.min(max, counts));
            out[axis] = (short) (((format & 0x04) != 0) ? clipped << (16 - bits) : clipped); // left-justified
        }
        return out;
    }

    @Override
    protected void beforeRead(int first, int length) {
        catchUp(now());
        short[] shown = mode() == 0 ? latest : fifo.isEmpty() ? latest : fifo.peekFirst();
        for (int axis = 0; axis < 3; axis++) {
            registers[DATAX0 + 2 * axis] = (byte) shown[axis];
            registers[DATAX0 + 2 * axis + 1] = (byte) (shown[axis] >> 8);
        }
        int entries = mode() == 0 ? 0 : fifo.size();
        registers[FIFO_STATUS] = (byte) Math.min(FIFO_DEPTH + 1, entries);
        int watermark = u8(FIFO_CTL) & 0x1F;
        boolean dataReady = measuring() && (mode() == 0 ? sampled > 0 : entries > 0);
        int source = (dataReady ? 0x80 : 0) | (mode() != 0 && entries >= watermark && watermark > 0 ? 0x02 : 0)
                | (overrun ? 0x01 : 0);
        registers[INT_SOURCE] = (byte) source;
    }

    @Override
    protected void afterRead(int first, int length) {
        if (first >= DATAX0 && first <= DATAX0 + 5) {
            if (mode() != 0 && !fifo.isEmpty()) {
                fifo.removeFirst();
            }
            overrun = false;
        }
    }
}
