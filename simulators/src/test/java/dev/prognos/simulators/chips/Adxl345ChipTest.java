package dev.prognos.simulators.chips;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.prognos.hardware.Burst;
import dev.prognos.hardware.RegisterDevice;
import dev.prognos.hardware.SensorException;
import dev.prognos.hardware.adxl345.Adxl345;
import dev.prognos.hardware.adxl345.Adxl345Options;
import dev.prognos.simulators.pi4j.SimulatedBoard;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Adxl345ChipTest {

    /** 0.5 g at 50 Hz on z, on top of gravity; nothing on x and y. */
    static final Adxl345Chip.Source SINE = (nanos, bandwidthHz, out) -> {
        out[0] = 0;
        out[1] = 0;
        out[2] = 1.0 + 0.5 * Math.sin(2 * Math.PI * 50 * nanos / 1e9);
    };

    @Test
    void shouldDeliverTheSourceToTheRealDriverAtTheOutputRateInFullResolution() {
        Adxl345Chip chip = new Adxl345Chip(SINE, System::nanoTime, 1, true);
        try (SimulatedBoard board = SimulatedBoard.builder().i2c(1, 0x53, chip).build();
             Adxl345 adxl = new Adxl345(board.context(), 1, 0x53, new Adxl345Options(Adxl345Options.Range.G4, 800, Adxl345Options.Axis.Z))) {
            Burst burst = adxl.burst(400);
            double[] a = burst.accelMs2();
            double mean = java.util.Arrays.stream(a).average().orElseThrow();
            double max = java.util.Arrays.stream(a).max().orElseThrow();
            double min = java.util.Arrays.stream(a).min().orElseThrow();
            assertThat(burst.sampleRateHz()).isEqualTo(800.0);
            assertThat(mean).isCloseTo(9.807, within(0.1));
            // 0.5 g peak = 4.90 m/s²; 3.9 mg/LSB plus about 1 LSB of noise.
            assertThat((max - min) / 2).isCloseTo(4.90, within(0.15));
        }
    }

    /**
     * z: a sawtooth that rises 10 LSB (39 mg) with every sample the chip takes, whatever the clock,
     * wrapping every 8 g: a sample lost in the FIFO shows as a 20 LSB step.
     */
    static Adxl345Chip.Source sawtooth() {
        AtomicLong taken = new AtomicLong();
        return (nanos, bandwidthHz, out) -> {
            out[0] = 0;
            out[1] = 0;
            out[2] = (taken.getAndIncrement() * 10 * Adxl345Chip.LSB_G) % 8.0 - 4.0;
        };
    }

    /** Every step of the burst is one sample of the sawtooth (10 LSB, noise aside) or its wrap. */
    static void assertUnbroken(Burst burst) {
        double[] z = burst.accelMs2();
        for (int i = 1; i < z.length; i++) {
            double step = (z[i] - z[i - 1]) / Adxl345.MS2_PER_LSB;
            if (step > -1000) { // not the wrap (-2041 LSB)
                assertThat(step).as("step %d in LSB (about 1.1 LSB of noise)", i).isCloseTo(10.0, within(6.0));
            }
        }
    }

    @ParameterizedTest(name = "{0} Hz")
    @CsvSource({"1600", "3200"})
    void shouldGiveTheRealDriverUnbrokenOneSecondBurstsAtTheHighRates(int hz) {
        // As the pump rig wires it: real time, and the chip absorbs host stalls (a loaded build machine).
        Adxl345Chip chip = new Adxl345Chip(sawtooth(), System::nanoTime, 1, true);
        try (SimulatedBoard board = SimulatedBoard.builder().i2c(1, 0x53, chip).build();
             Adxl345 adxl = new Adxl345(board.context(), 1, 0x53, new Adxl345Options(Adxl345Options.Range.G16, hz, Adxl345Options.Axis.Z))) {
            Burst burst = adxl.burst(hz);
            assertThat(burst.sampleRateHz()).isEqualTo(hz);
            assertThat(burst.accelMs2()).hasSize(hz);
            assertUnbroken(burst);
        }
    }

    @ParameterizedTest(name = "{0} Hz, stall after {1} bus transactions")
    @CsvSource({"1600, 300", "1600, 301", "3200, 300", "3200, 301", "3200, 302"})
    void shouldReportAnOverflowOfAStrictChipAndStillReturnAnUnbrokenBurst(int hz, int stallAt) {
        // Chip and driver on one virtual clock: each bus transaction takes 0.9 sample periods, so the reader
        // keeps up, until the host stalls 50 ms once (80 samples at 1600 Hz, 160 at 3200 Hz). The strict chip
        // keeps sampling and its 32-sample FIFO overwrites unread samples, whether the stall falls before a
        // FIFO status read or between two pops (stallAt moves it).
        long period = Math.round(1e9 / hz);
        AtomicLong transactions = new AtomicLong();
        AtomicLong virtualNanos = new AtomicLong(1_000_000_000L);
        LongSupplier clock = virtualNanos::get;
        Adxl345Chip chip = new Adxl345Chip(sawtooth(), () -> {
            long n = transactions.incrementAndGet();
            return virtualNanos.addAndGet(period * 9 / 10 + (n == stallAt ? 50_000_000L : 0));
        }, 1, false);
        try (SimulatedBoard board = SimulatedBoard.builder().i2c(1, 0x53, chip).build();
             Adxl345 adxl = new Adxl345(RegisterDevice.i2c(board.context(), "adxl345", 1, 0x53),
                     new Adxl345Options(Adxl345Options.Range.G16, hz, Adxl345Options.Axis.Z), clock)) {
            transactions.set(0);
            Burst burst = adxl.burst(hz);
            assertThat(adxl.fifoOverflows()).as("the overflow is counted (and logged), not silent").isEqualTo(1);
            assertThat(burst.accelMs2()).hasSize(hz);
            assertUnbroken(burst);
        }
    }

    @ParameterizedTest(name = "range code {0}: ±{1} g clips at {2} LSB")
    @CsvSource({"0, 2, 511", "1, 4, 1023", "2, 8, 2047", "3, 16, 4095"})
    void shouldClipToTheRangeInFullResolution(int rangeCode, int g, int maxLsb) {
        AtomicLong now = new AtomicLong(1_000_000_000L);
        Adxl345Chip chip = new Adxl345Chip((n, bw, out) -> out[2] = 20.0, now::get, 1);
        chip.write(new byte[] {Adxl345Chip.DATA_FORMAT, (byte) (0x08 | rangeCode)});
        chip.write(new byte[] {Adxl345Chip.POWER_CTL, 0x08});
        now.addAndGet(50_000_000);
        chip.write(new byte[] {Adxl345Chip.DATAX0});
        byte[] data = chip.read(6);
        assertThat((short) ((data[4] & 0xFF) | (data[5] << 8))).isEqualTo((short) maxLsb);
    }

    @Test
    void shouldOverrunInStreamModeWhenAStrictChipIsNotReadInTime() {
        AtomicLong now = new AtomicLong(1_000_000_000L);
        Adxl345Chip strict = new Adxl345Chip(SINE, now::get, 1, false);
        Adxl345Chip absorbing = new Adxl345Chip(SINE, now::get, 1, true);
        for (Adxl345Chip chip : new Adxl345Chip[] {strict, absorbing}) {
            chip.write(new byte[] {Adxl345Chip.BW_RATE, 0x0C}); // 400 Hz
            chip.write(new byte[] {Adxl345Chip.FIFO_CTL, (byte) (0x80 | 16)});
            chip.write(new byte[] {Adxl345Chip.POWER_CTL, 0x08});
        }
        now.addAndGet(200_000_000); // 200 ms: 80 samples, the FIFO holds 32
        assertThat(fifoEntries(strict)).isEqualTo(32);
        assertThat(intSource(strict) & 0x01).as("OVERRUN").isEqualTo(1);
        assertThat(fifoEntries(absorbing)).as("the host stall is absorbed").isLessThanOrEqualTo(24);
        assertThat(intSource(absorbing) & 0x01).isZero();
    }

    @Test
    void shouldLetTheDriverNameBusAddressAndDevidWhenAnotherChipAnswers() {
        Bme280Chip other = new Bme280Chip(n -> new Bme280Chip.Environment(20, 100_000, 40), System::nanoTime);
        try (SimulatedBoard board = SimulatedBoard.builder().i2c(1, 0x53, other).build()) {
            assertThatThrownBy(() -> new Adxl345(board.context(), 1, 0x53, Adxl345Options.DEFAULT))
                    .isInstanceOf(SensorException.class)
                    .hasMessageContaining("I2C bus 1 at 0x53").hasMessageContaining("0xE5");
        }
    }

    static int fifoEntries(Adxl345Chip chip) {
        chip.write(new byte[] {Adxl345Chip.FIFO_STATUS});
        return chip.read(1)[0] & 0x3F;
    }

    static int intSource(Adxl345Chip chip) {
        chip.write(new byte[] {Adxl345Chip.INT_SOURCE});
        return chip.read(1)[0] & 0xFF;
    }
}
