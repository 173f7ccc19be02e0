package dev.prognos.hardware.bme280;

import java.util.Objects;

/**
 * How the BME280 measures (datasheet §3.3–3.5, §5.4). The default is the datasheet's "weather
 * monitoring" setting (§3.5.1): forced mode, ×1 oversampling of all three, filter off; about
 * 10 ms per measurement and 0.16 µA between measurements, well suited to sampling at 1 Hz or less.
 *
 * @param temperature oversampling of temperature; {@link Oversampling#SKIP} is refused because
 *                    pressure and humidity compensation need the temperature (t_fine)
 * @param pressure    oversampling of pressure, or SKIP to not measure it
 * @param humidity    oversampling of humidity, or SKIP to not measure it
 * @param filter      IIR filter coefficient on temperature and pressure
 * @param mode        FORCED: one measurement per {@link Bme280#read()}; NORMAL: the chip measures
 *                    continuously and {@code read()} returns the newest result
 * @param standby     pause between measurements in NORMAL mode (ignored in FORCED)
 */
public record Bme280Config(Oversampling temperature, Oversampling pressure, Oversampling humidity,
                           Filter filter, Mode mode, Standby standby) {

    /** The datasheet's weather-monitoring setting. */
    public static final Bme280Config DEFAULT = new Bme280Config(
            Oversampling.X1, Oversampling.X1, Oversampling.X1, Filter.OFF, Mode.FORCED, Standby.MS_1000);

    public Bme280Config {
        Objects.requireNonNull(temperature, "temperature");
        Objects.requireNonNull(pressure, "pressure");
        Objects.requireNonNull(humidity, "humidity");
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(standby, "standby");
        if (temperature == Oversampling.SKIP) {
            throw new IllegalArgumentException("temperature oversampling cannot be SKIP: pressure and humidity"
                    + " compensation need the temperature");
        }
    }

    /**
     * Worst-case time of one measurement in µs (datasheet §9.1, "t_measure,max"), used to wait
     * before polling the status register in forced mode.
     */
    public long maxMeasurementMicros() {
        long us = 1250 + 2300L * temperature.factor;
        if (pressure != Oversampling.SKIP) {
            us += 2300L * pressure.factor + 575;
        }
        if (humidity != Oversampling.SKIP) {
            us += 2300L * humidity.factor + 575;
        }
        return us;
    }

    /** Oversampling settings, osrs_x bits (datasheet tables 20, 23, 24). */
    public enum Oversampling {
        SKIP(0, 0), X1(1, 1), X2(2, 2), X4(3, 4), X8(4, 8), X16(5, 16);

        /** Register bits (3 bits). */
        public final int bits;
        /** Number of samples averaged. */
        public final int factor;

        Oversampling(int bits, int factor) {
            this.bits = bits;
            this.factor = factor;
        }
    }

    /** IIR filter coefficient, filter bits of register config 0xF5 (datasheet table 28). */
    public enum Filter {
        OFF(0), X2(1), X4(2), X8(3), X16(4);

        public final int bits;

        Filter(int bits) {
            this.bits = bits;
        }
    }

    /** Power mode, mode bits of ctrl_meas 0xF4 (datasheet table 25). */
    public enum Mode {
        FORCED(0b01), NORMAL(0b11);

        public final int bits;

        Mode(int bits) {
            this.bits = bits;
        }
    }

    /** Standby time between measurements in normal mode, t_sb bits of config 0xF5 (datasheet table 27). */
    public enum Standby {
        MS_0_5(0), MS_62_5(1), MS_125(2), MS_250(3), MS_500(4), MS_1000(5), MS_10(6), MS_20(7);

        public final int bits;

        Standby(int bits) {
            this.bits = bits;
        }
    }
}
