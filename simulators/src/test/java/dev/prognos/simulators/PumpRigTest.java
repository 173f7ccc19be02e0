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
import dev.prognos.hardware.ds18b20.Ds18b20;
import dev.prognos.hardware.ina219.Ina219;
import dev.prognos.hardware.ina219.Ina219Options;
import dev.prognos.hardware.ina219.Ina219Reading;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;
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
            // 800 Hz: the driver sleeps 16 samples when the FIFO is empty and it overflows at 32, a margin of 20 ms
            // here (10 ms at 1600 Hz, which a machine shared with parallel builds oversleeps now and then).
            Burst burst = adxl.burst(800);
            assertThat(burst.sampleRateHz()).isEqualTo(800.0);
            BurstFeatures f = BurstFeatureExtractor.withDefaults(burst.sampleRateHz(), burst.accelMs2().length).extract(burst.accelMs2());
            // Gravity on z, then the machine's RMS velocity (one burst: within 15 %, see WaveformTest).
            double mean = java.util.Arrays.stream(burst.accelMs2()).average().orElseThrow();
            assertThat(mean).isCloseTo(SimulatedMachine.G, within(0.1));
            // One burst at 800 Hz: beats between lines (±8 %, WaveformTest) and what is left of the impacts' aliasing
            // after averaging over the sample period; WaveformTest checks the calibration itself at 3200 Hz.
            assertThat(f.rmsVelocityMmS()).isCloseTo(s.rmsMmS(), within(0.25 * s.rmsMmS()));
            assertThat(f.kurtosis()).isGreaterThan(4.0);
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
            // The read happens a few ms of machine time after the state above: a fresh draw of the process noise
            // (1 % of the current, 0.02 V, clipped at 3 sigma), far above the resolution (0.1 mA, 4 mV).
            assertThat(r.currentA()).isCloseTo(s.motorCurrentA(), within(0.15));
            assertThat(r.busVoltageV()).isCloseTo(s.supplyVoltageV(), within(0.15));
            assertThat(r.currentA()).isBetween(1.9, 2.6);
        }
    }

    @Test
    void shouldGiveTheDs18b20TheBearingTemperatureAndTheBme280TheTerminalBoxAir(@TempDir Path w1) {
        SimulatedMachine m = SimulatedMachine.create("pump-003", 6, START, Duration.ofDays(30));
        long ts = m.groundTruth().failureMillis();
        SimulatedMachine.State s = m.state(ts);
        try (PumpRig rig = new PumpRig(m, new SimulationClock(ts, System.nanoTime(), 1.0), 6, w1);
             Bme280 bme = new Bme280(rig.context(), PumpRig.I2C_BUS, PumpRig.BME280_ADDRESS);
             Ds18b20 ds = new Ds18b20(w1, rig.ds18b20Id(), "bearing_temp_c")) {
            // The file holds a later state than s: two independent draws of the temperature noise
            // (0.3 °C sigma, clipped at 3 sigma: at most 1.8 °C apart) plus 12-bit resolution (1/16 °C).
            assertThat(ds.readCelsius()).isCloseTo(s.bearingTempC(), within(1.9)).isGreaterThan(70);
            // The air reading mixes 0.8 x ambient noise (0.2 °C sigma) and 0.2 x bearing noise, clipped the same way.
            double air = s.ambientTempC() + 0.2 * (s.bearingTempC() - s.ambientTempC());
            assertThat(bme.read().temperatureC()).isCloseTo(air, within(1.4));
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
