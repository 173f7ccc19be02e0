package dev.prognos.simulators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.prognos.core.features.vibration.BurstFeatureExtractor;
import dev.prognos.core.features.vibration.BurstFeatures;
import dev.prognos.hardware.Burst;
import dev.prognos.hardware.SensorException;
import dev.prognos.hardware.adxl345.Adxl345;
import dev.prognos.hardware.adxl345.Adxl345Options;
import dev.prognos.hardware.bme280.Bme280;
import dev.prognos.hardware.ina219.Ina219;
import dev.prognos.hardware.ina219.Ina219Options;
import dev.prognos.hardware.ina219.Ina219Reading;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The hardware module's real drivers, through Pi4J, on a simulated pump: what they read is what
 * the machine is doing. The machine is frozen near one point of its life (a 30-day life, speed 1:
 * the test's few seconds change nothing).
 */
class PumpRigTest {

    static final long START = 1_795_414_322_789L;

    /** A rig whose clock shows machine time {@code machineMillis} now. */
    static PumpRig rigAt(SimulatedMachine m, long machineMillis) {
        return new PumpRig(m, new SimulationClock(machineMillis, System.nanoTime(), 1.0), 99);
    }

    @Test
    void shouldGiveTheAccelerometerDriverTheMachinesVibrationAtTheChipsOutputRate() {
        SimulatedMachine m = SimulatedMachine.create("pump-001", 4, START, Duration.ofDays(30));
        long nearFailure = m.groundTruth().failureMillis() - 3_600_000;
        SimulatedMachine.State s = m.state(nearFailure);
        try (PumpRig rig = rigAt(m, nearFailure);
             Adxl345 adxl = new Adxl345(rig.context(), PumpRig.I2C_BUS, PumpRig.ADXL345_ADDRESS,
                     new Adxl345Options(Adxl345Options.Range.G16, 800, Adxl345Options.Axis.Z))) {
            // 800 Hz: the driver sleeps 16 samples (20 ms) when the FIFO is empty and it overflows at 32 (40 ms);
            // a test machine shared with parallel builds oversleeps 10 ms now and then, as 1600 Hz would not survive.
            Burst burst = adxl.burst(800);
            assertThat(burst.sampleRateHz()).isEqualTo(800.0);
            BurstFeatures f = BurstFeatureExtractor.withDefaults(burst.sampleRateHz(), burst.accelMs2().length).extract(burst.accelMs2());
            // Gravity on z, then the machine's RMS velocity (one burst: within 15 %, see WaveformTest).
            double mean = java.util.Arrays.stream(burst.accelMs2()).average().orElseThrow();
            assertThat(mean).isCloseTo(SimulatedMachine.G, within(0.1));
            assertThat(f.rmsVelocityMmS()).isCloseTo(s.rmsMmS(), within(0.15 * s.rmsMmS()));
            // The bearing impacts ring at 1.2 kHz, beyond this rate's 400 Hz bandwidth: no kurtosis to see here
            // (WaveformTest checks it at 3200 Hz).
        }
    }

    @Test
    void shouldGiveTheCurrentMonitorTheMotorCurrentAndSupplyVoltage() {
        SimulatedMachine m = SimulatedMachine.create("pump-002", 5, START, Duration.ofDays(30));
        long ts = START + 3_600_000;
        SimulatedMachine.State s = m.state(ts);
        try (PumpRig rig = rigAt(m, ts);
             Ina219 ina = new Ina219(rig.context(), PumpRig.I2C_BUS, PumpRig.INA219_ADDRESS, Ina219Options.DEFAULT, "motor_")) {
            Ina219Reading r = ina.read();
            // Resolution: 10 µV of shunt voltage is 0.1 mA through 0.1 Ω; the noise of a second's drift is 1 %.
            assertThat(r.currentA()).isCloseTo(s.motorCurrentA(), within(0.05));
            assertThat(r.busVoltageV()).isCloseTo(s.supplyVoltageV(), within(0.05));
        }
    }

    @Test
    void shouldGiveTheBme280TheBearingHousingTemperature() {
        SimulatedMachine m = SimulatedMachine.create("pump-003", 6, START, Duration.ofDays(30));
        long ts = m.groundTruth().failureMillis();
        try (PumpRig rig = rigAt(m, ts); Bme280 bme = new Bme280(rig.context(), PumpRig.I2C_BUS, PumpRig.BME280_ADDRESS)) {
            assertThat(bme.read().temperatureC()).isCloseTo(m.state(ts).bearingTempC(), within(1.0)).isGreaterThan(70);
        }
    }

    @Test
    void shouldLetTheAccelerometerDriverRefuseAnotherChipAtItsAddress() {
        SimulatedMachine m = SimulatedMachine.create("pump-004", 7, START, Duration.ofDays(30));
        try (PumpRig rig = rigAt(m, START)) {
            // 0x1D is the ADXL345's other address: nothing is wired there on this rig.
            assertThatThrownBy(() -> new Adxl345(rig.context(), 1, 0x1D, Adxl345Options.DEFAULT))
                    .isInstanceOf(SensorException.class).hasMessageContaining("I2C bus 1 at 0x1D");
        }
    }
}
