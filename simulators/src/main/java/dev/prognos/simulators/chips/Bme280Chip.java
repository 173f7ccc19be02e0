package dev.prognos.simulators.chips;

import dev.prognos.hardware.bme280.internal.Bme280Calibration;
import dev.prognos.hardware.bme280.internal.Bme280Registers;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;

/**
 * A Bosch BME280 (datasheet BST-BME280-DS002) on I2C: chip id 0x60 at 0xD0, soft reset at 0xE0,
 * trim registers 0x88..0xA1 and 0xE1..0xE7, ctrl_hum / status / ctrl_meas / config, and the raw
 * 20-bit temperature and pressure and 16-bit humidity ADC values at 0xF7..0xFE. The raw values are
 * what the datasheet's compensation, with this chip's trim values, turns into the environment's
 * temperature, pressure and humidity: the chip inverts the driver's own arithmetic (hardware's
 * {@link Bme280Calibration}) by bisection, so the driver reads back the simulated values to its
 * resolution (0.01 °C, 1/256 Pa, 1/1024 %RH).
 *
 * <p>Modes as on the chip: sleep after reset; a write of forced mode to ctrl_meas starts one
 * measurement (status bit 3 set for the datasheet's typical measurement time), then the chip
 * returns to sleep with the result latched; in normal mode the data registers follow the
 * environment. A skipped measurement (oversampling 0) reads 0x80000 / 0x8000. ctrl_hum takes
 * effect at the next write of ctrl_meas.
 */
public final class Bme280Chip extends RegisterFileChip {

    /** What the sensor is exposed to, at a {@link System#nanoTime()} instant. */
    public record Environment(double temperatureC, double pressurePa, double humidityPercent) {
    }

    /**
     * Trim values of Bosch's worked example (BMP280 datasheet §3.12) for temperature and pressure, and
     * typical humidity values: what every simulated BME280 carries.
     */
    public static final Bme280Calibration TRIM = new Bme280Calibration(
            27504, 26435, -1000,
            36477, -10685, 3024, 2855, 140, -7, 15500, -14600, 6000,
            75, 362, 0, 324, 50, 30);

    private final Bme280Calibration trim;
    private final LongFunction<Environment> environment;
    private final LongSupplier nanos;
    private int ctrlHumLatched;
    private long measuringUntil = Long.MIN_VALUE;

    public Bme280Chip(LongFunction<Environment> environment, LongSupplier nanos) {
        this(TRIM, environment, nanos);
    }

    public Bme280Chip(Bme280Calibration trim, LongFunction<Environment> environment, LongSupplier nanos) {
        this.trim = trim;
        this.environment = environment;
        this.nanos = nanos;
        reset();
    }

    private void reset() {
        java.util.Arrays.fill(registers, (byte) 0);
        registers[Bme280Registers.CHIP_ID] = (byte) Bme280Registers.CHIP_ID_BME280;
        writeTrim();
        ctrlHumLatched = 0;
        measuringUntil = Long.MIN_VALUE;
        latch(0, 0, 0, null); // after reset every measurement reads as skipped
    }

    private void writeTrim() {
        int[] words = {trim.digT1(), trim.digT2(), trim.digT3(), trim.digP1(), trim.digP2(), trim.digP3(), trim.digP4(),
                trim.digP5(), trim.digP6(), trim.digP7(), trim.digP8(), trim.digP9()};
        for (int i = 0; i < words.length; i++) {
            registers[Bme280Registers.CALIB_00 + 2 * i] = (byte) words[i];
            registers[Bme280Registers.CALIB_00 + 2 * i + 1] = (byte) (words[i] >> 8);
        }
        registers[0xA1] = (byte) trim.digH1();
        int e1 = Bme280Registers.CALIB_26;
        registers[e1] = (byte) trim.digH2();
        registers[e1 + 1] = (byte) (trim.digH2() >> 8);
        registers[e1 + 2] = (byte) trim.digH3();
        registers[e1 + 3] = (byte) (trim.digH4() >> 4);
        registers[e1 + 4] = (byte) ((trim.digH4() & 0x0F) | ((trim.digH5() & 0x0F) << 4));
        registers[e1 + 5] = (byte) (trim.digH5() >> 4);
        registers[e1 + 6] = (byte) trim.digH6();
    }

    @Override
    protected boolean writable(int register) {
        return register == Bme280Registers.RESET || register == Bme280Registers.CTRL_HUM
                || register == Bme280Registers.CTRL_MEAS || register == Bme280Registers.CONFIG;
    }

    @Override
    protected void written(int register, int value) {
        if (register == Bme280Registers.RESET) {
            registers[register] = 0; // reads as 0x00
            if (value == Bme280Registers.RESET_VALUE) {
                reset();
            }
        } else if (register == Bme280Registers.CTRL_MEAS) {
            ctrlHumLatched = u8(Bme280Registers.CTRL_HUM) & 0b111;
            if ((value & 0b11) == 0b01 || (value & 0b11) == 0b10) { // forced
                long now = nanos.getAsLong();
                measure(now);
                measuringUntil = now + measurementNanos(value);
            }
        }
    }

    @Override
    protected void beforeRead(int first, int length) {
        long now = nanos.getAsLong();
        if (covers(first, length, Bme280Registers.STATUS)) {
            registers[Bme280Registers.STATUS] = (byte) (now < measuringUntil ? Bme280Registers.STATUS_MEASURING : 0);
        }
        int mode = u8(Bme280Registers.CTRL_MEAS) & 0b11;
        if (mode == 0b11 && covers(first, length, Bme280Registers.DATA)) {
            measure(now); // normal mode: the newest conversion
        } else if ((mode == 0b01 || mode == 0b10) && now >= measuringUntil) {
            // Forced measurement done: the chip is back in sleep mode.
            registers[Bme280Registers.CTRL_MEAS] = (byte) (u8(Bme280Registers.CTRL_MEAS) & ~0b11);
        }
    }

    private void measure(long now) {
        int ctrlMeas = u8(Bme280Registers.CTRL_MEAS);
        latch((ctrlMeas >> 5) & 0b111, (ctrlMeas >> 2) & 0b111, ctrlHumLatched, environment.apply(now));
    }

    private void latch(int osrsT, int osrsP, int osrsH, Environment e) {
        int adcT = Bme280Registers.SKIPPED_20BIT;
        int adcP = Bme280Registers.SKIPPED_20BIT;
        int adcH = Bme280Registers.SKIPPED_16BIT;
        if (e != null && osrsT != 0) {
            adcT = adcForTemperature(e.temperatureC());
            int tFine = trim.tFine(adcT);
            if (osrsP != 0) {
                adcP = adcForPressure(e.pressurePa(), tFine);
            }
            if (osrsH != 0) {
                adcH = adcForHumidity(e.humidityPercent(), tFine);
            }
        }
        int d = Bme280Registers.DATA;
        registers[d] = (byte) (adcP >> 12);
        registers[d + 1] = (byte) (adcP >> 4);
        registers[d + 2] = (byte) (adcP << 4);
        registers[d + 3] = (byte) (adcT >> 12);
        registers[d + 4] = (byte) (adcT >> 4);
        registers[d + 5] = (byte) (adcT << 4);
        registers[d + 6] = (byte) (adcH >> 8);
        registers[d + 7] = (byte) adcH;
    }

    /** Datasheet §9.1 typical measurement time: 1 ms + 2 ms per oversampling step of T, P (+0.5) and H (+0.5). */
    private long measurementNanos(int ctrlMeas) {
        int[] factor = {0, 1, 2, 4, 8, 16, 16, 16};
        double ms = 1.0 + 2.0 * factor[(ctrlMeas >> 5) & 7];
        int p = factor[(ctrlMeas >> 2) & 7];
        int h = factor[ctrlHumLatched & 7];
        ms += p == 0 ? 0 : 2.0 * p + 0.5;
        ms += h == 0 ? 0 : 2.0 * h + 0.5;
        return Math.round(ms * 1e6);
    }

    /** The largest adc_T (0..2^20-1) whose compensated temperature is at most {@code c}; temperature rises with adc_T. */
    int adcForTemperature(double c) {
        long target = Math.round(c * 100);
        int lo = 0;
        int hi = (1 << 20) - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (Bme280Calibration.temperatureCentiC(trim.tFine(mid)) <= target) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** Pressure falls as adc_P rises: the smallest adc_P whose pressure is at most {@code pa}. */
    int adcForPressure(double pa, int tFine) {
        double target = pa * 256;
        int lo = 0;
        int hi = (1 << 20) - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (trim.pressureQ24_8(mid, tFine) <= target) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** Humidity rises with adc_H: the largest adc_H whose humidity is at most {@code pct}. */
    int adcForHumidity(double pct, int tFine) {
        double target = pct * 1024;
        int lo = 0;
        int hi = 0xFFFF;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (trim.humidityQ22_10(mid, tFine) <= target) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }
}
