package dev.prognos.hardware.adxl345;

import static dev.prognos.hardware.adxl345.internal.Adxl345Registers.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.prognos.hardware.Burst;
import dev.prognos.hardware.SensorException;
import dev.prognos.hardware.adxl345.Adxl345Options.Axis;
import dev.prognos.hardware.adxl345.Adxl345Options.DataRate;
import dev.prognos.hardware.adxl345.Adxl345Options.Range;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The driver's register protocol against an emulated register map and FIFO. */
class Adxl345Test {

    /** Sample i: x = i, y = -i, z = 256 + i (LSB); distinct per axis and per sample so order and gaps show. */
    private static short[] ramp(int i) {
        return new short[] {(short) i, (short) -i, (short) (256 + i)};
    }

    @Nested
    class Scaling {

        @ParameterizedTest(name = "{0} LSB = {1} m/s²")
        @CsvSource({
                // full resolution: 3.9 mg/LSB typ. at every range (datasheet table 1), × 9.80665 m/s²/g
                "0,      0.0",
                "1,      0.038245935",
                "256,    9.79096",
                "-256,  -9.79096",
                "4095,   156.61710",
                "-4096, -156.65535"})
        void shouldScaleFullResolutionCountsToMetresPerSecondSquared(int lsb, double ms2) {
            assertThat(lsb * Adxl345.MS2_PER_LSB).isCloseTo(ms2, within(1e-4));
        }

        @ParameterizedTest(name = "±{0} g: range bits {1}, ±{2} LSB")
        @CsvSource({
                // DATA_FORMAT range bits (table 21); full resolution grows from 10 bits at ±2 g to 13 at ±16 g
                "2,  0, 512",
                "4,  1, 1024",
                "8,  2, 2048",
                "16, 3, 4096"})
        void shouldEncodeRangesAsTheDatasheetDoes(int g, int bits, int maxLsb) {
            Range range = Range.ofG(g);
            assertThat(range.bits).isEqualTo(bits);
            assertThat(range.maxLsb()).isEqualTo(maxLsb);
            assertThat(range.maxLsb() * FULL_RES_G_PER_LSB).as("full scale in g").isCloseTo(g, within(0.04 * g));
        }

        @ParameterizedTest(name = "{0} Hz asked: {1} Hz, code 0x{2}")
        @CsvSource({
                // BW_RATE rate codes (table 7); the lowest rate at or above the one asked for
                "3200, 3200,   F",
                "1000, 1600,   E",
                "800,  800,    D",
                "100,  100,    A",
                "60,   100,    A",
                "25,   25,     8",
                "1,    1.5625, 4",
                "0.1,  0.09765625, 0"})
        void shouldPickTheChipsOutputDataRate(double askedHz, double hz, String codeHex) {
            DataRate rate = DataRate.atLeast(askedHz);
            assertThat(rate.hz()).isEqualTo(hz);
            assertThat(rate.code).isEqualTo(Integer.parseInt(codeHex, 16));
        }

        @Test
        void shouldRefuseRatesAndRangesTheChipDoesNotHave() {
            assertThatThrownBy(() -> new Adxl345Options(Range.G2, 6400, Axis.Z))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0.1..3200 Hz");
            assertThatThrownBy(() -> Range.ofG(3)).hasMessageContaining("2, 4, 8 or 16");
            assertThatThrownBy(() -> Axis.parse("w")).hasMessageContaining("'w'");
        }
    }

    @Test
    void shouldConfigureInStandbyThenMeasure() {
        Adxl345Chip chip = new Adxl345Chip(0, Adxl345Test::ramp);
        try (Adxl345 ignored = new Adxl345(chip, new Adxl345Options(Range.G8, 1000, Axis.X))) {
            assertThat(chip.writes.get(0)).isEqualTo(new Adxl345Chip.Write(POWER_CTL, 0));
            assertThat(chip.registers[BW_RATE]).as("1600 Hz, normal power").isEqualTo(0x0E);
            assertThat(chip.registers[DATA_FORMAT]).as("full resolution, ±8 g").isEqualTo(0b0000_1010);
            assertThat(chip.registers[FIFO_CTL]).as("stream mode, watermark 16").isEqualTo(0b1001_0000);
            assertThat(chip.writes.get(chip.writes.size() - 1)).isEqualTo(new Adxl345Chip.Write(POWER_CTL, 0x08));
        }
        assertThat(chip.registers[POWER_CTL]).as("standby after close").isZero();
        assertThat(chip.closed).isTrue();
    }

    @ParameterizedTest(name = "axis {0}")
    @CsvSource({"X, 0", "Y, 1", "Z, 2"})
    void shouldCollectConsecutiveSamplesOfTheChosenAxis(Axis axis, int index) {
        Adxl345Chip chip = new Adxl345Chip(5, Adxl345Test::ramp);
        // The chip's time is its status polls: the driver gets the chip's clock too, else a stall of this host
        // while popping would (rightly, for a real chip) count as an overflow and start the burst later.
        try (Adxl345 adxl = new Adxl345(chip, new Adxl345Options(Range.G16, 3200, axis), chip.clock::get)) {
            Burst burst = adxl.burst(1000);
            assertThat(burst.sampleRateHz()).isEqualTo(3200.0);
            assertThat(burst.accelMs2()).hasSize(1000);
            // Nothing arrived before the burst (no status polls yet), so it holds samples 0..999: no gaps.
            for (int i = 0; i < 1000; i++) {
                int expected = ramp(i)[index];
                assertThat(burst.accelMs2()[i]).as("sample %d", i).isCloseTo(expected * Adxl345.MS2_PER_LSB, within(1e-9));
            }
        }
    }

    @Test
    void shouldStartOverWhenTheFifoOverflowedAndKeepOnlyAnUnbrokenBurst() {
        Adxl345Chip chip = new Adxl345Chip(40, Adxl345Test::ramp);
        try (Adxl345 adxl = new Adxl345(chip, Adxl345Options.DEFAULT, chip.clock::get)) {
            assertThatThrownBy(() -> adxl.burst(64)).isInstanceOf(SensorException.class)
                    .hasMessageContaining("test ADXL345").hasMessageContaining("FIFO overflowed in 4 attempts")
                    .hasMessageContaining("400 kHz");
            chip.samplesPerPoll = 8;
            Burst burst = adxl.burst(64);
            double[] z = burst.accelMs2();
            for (int i = 1; i < z.length; i++) {
                assertThat(z[i] - z[i - 1]).as("consecutive samples after %d", i).isCloseTo(Adxl345.MS2_PER_LSB, within(1e-9));
            }
        }
    }

    @ParameterizedTest(name = "{0} Hz, {1} µs per sample read: {2}")
    @CsvSource({
            // 400 kHz I2C: a 6-byte read takes about 0.2 ms, faster than samples arrive at either rate.
            "1600, 200, unbroken",
            "3200, 200, unbroken",
            // 100 kHz: about 0.85 ms, slower than 1600 Hz (0.625 ms) and 3200 Hz (0.31 ms) deliver them.
            "1600, 850, overflow",
            "3200, 850, overflow"})
    void shouldReportAnOverflowThatHappensWhilePoppingThoughTheFifoNeverReadsFull(int hz, int popMicros, String outcome) {
        // 16 samples wait at each status poll and all 16 are popped: the FIFO status never reads full.
        Adxl345Chip chip = new Adxl345Chip(16, Adxl345Test::ramp);
        chip.popNanos = popMicros * 1000L;
        try (Adxl345 adxl = new Adxl345(chip, new Adxl345Options(Range.G16, hz, Axis.X), chip.clock::get)) {
            if (outcome.equals("unbroken")) {
                Burst burst = adxl.burst(hz);
                assertThat(burst.sampleRateHz()).isEqualTo(hz);
                for (int i = 0; i < hz; i++) {
                    assertThat(burst.accelMs2()[i]).as("sample %d", i).isCloseTo(ramp(i)[0] * Adxl345.MS2_PER_LSB, within(1e-9));
                }
                assertThat(adxl.fifoOverflows()).isZero();
            } else {
                assertThatThrownBy(() -> adxl.burst(hz)).isInstanceOf(SensorException.class)
                        .hasMessageContaining("FIFO overflowed in 4 attempts at " + hz + ".0 Hz");
                assertThat(adxl.fifoOverflows()).as("every attempt counted").isEqualTo(4);
            }
        }
    }

    @Test
    void shouldCountEveryOverflowFoundFullAndReturnOnlyUnbrokenBursts() {
        Adxl345Chip chip = new Adxl345Chip(40, Adxl345Test::ramp);
        try (Adxl345 adxl = new Adxl345(chip, new Adxl345Options(Range.G16, 1600, Axis.X), chip.clock::get)) {
            // Every status poll finds 40 arrived, 32 kept: full, so each attempt is counted and the burst fails.
            assertThatThrownBy(() -> adxl.burst(200)).isInstanceOf(SensorException.class);
            assertThat(adxl.fifoOverflows()).isEqualTo(4);
            chip.samplesPerPoll = 10;
            Burst ok = adxl.burst(200);
            double[] x = ok.accelMs2();
            for (int i = 1; i < x.length; i++) {
                assertThat(x[i] - x[i - 1]).as("consecutive samples after %d", i).isCloseTo(Adxl345.MS2_PER_LSB, within(1e-9));
            }
            assertThat(adxl.fifoOverflows()).as("no new overflow").isEqualTo(4);
        }
    }

    @Test
    void shouldFailNamingTheCountWhenNoSamplesArrive() {
        Adxl345Chip chip = new Adxl345Chip(0, Adxl345Test::ramp);
        try (Adxl345 adxl = new Adxl345(chip, Adxl345Options.DEFAULT)) {
            assertThatThrownBy(() -> adxl.burst(10)).isInstanceOf(SensorException.class)
                    .hasMessageContaining("delivered 0 of 10 samples at 3200.0 Hz");
        }
    }

    @Test
    void shouldReadTheNewestSampleOfAllAxes() {
        Adxl345Chip chip = new Adxl345Chip(3, Adxl345Test::ramp);
        try (Adxl345 adxl = new Adxl345(chip, Adxl345Options.DEFAULT)) {
            var readings = adxl.readings();
            // the FIFO got samples 0, 1, 2 on the status poll; the newest is 2
            assertThat(readings).containsOnlyKeys(Adxl345.ACCEL_X, Adxl345.ACCEL_Y, Adxl345.ACCEL_Z);
            assertThat(readings.get(Adxl345.ACCEL_X)).isCloseTo(2 * Adxl345.MS2_PER_LSB, within(1e-9));
            assertThat(readings.get(Adxl345.ACCEL_Y)).isCloseTo(-2 * Adxl345.MS2_PER_LSB, within(1e-9));
            assertThat(readings.get(Adxl345.ACCEL_Z)).isCloseTo(258 * Adxl345.MS2_PER_LSB, within(1e-9));
        }
    }

    @Test
    void shouldRefuseAnotherChipWithoutWritingToIt() {
        Adxl345Chip chip = new Adxl345Chip(0, Adxl345Test::ramp);
        chip.registers[DEVID] = 0xFF;
        assertThatThrownBy(() -> new Adxl345(chip, Adxl345Options.DEFAULT)).isInstanceOf(SensorException.class)
                .hasMessageContaining("reads 0xFF, expected 0xE5").hasMessageContaining("nothing answering");
        assertThat(chip.writes).isEmpty();
        assertThat(chip.closed).isTrue();
    }
}
