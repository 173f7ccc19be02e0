package dev.prognos.simulators;

import com.pi4j.context.Context;
import dev.prognos.simulators.chips.Adxl345Chip;
import dev.prognos.simulators.chips.Bme280Chip;
import dev.prognos.simulators.chips.Ds18b20Sysfs;
import dev.prognos.simulators.chips.Ina219Chip;
import dev.prognos.simulators.chips.Mcp3008Chip;
import dev.prognos.simulators.chips.TachometerSignal;
import dev.prognos.simulators.pi4j.SimulatedBoard;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One simulated pump wired to a simulated Raspberry Pi the way the parts list in hardware/README.md
 * wires a real one: the sensors' chips read the {@link SimulatedMachine} at the {@link SimulationClock}'s
 * machine time, and drivers reach them through {@link #context()}.
 *
 * <table>
 *   <caption>Wiring</caption>
 *   <tr><th>sensor</th><th>where</th><th>measures</th></tr>
 *   <tr><td>ADXL345</td><td>I2C bus 1, 0x53</td><td>vibration on the bearing housing: z radial vertical (+1 g of gravity), x radial horizontal, y axial</td></tr>
 *   <tr><td>BME280</td><td>I2C bus 1, 0x76</td><td>air in the motor's terminal box: room temperature plus a fifth of the bearing's excess; pressure, humidity</td></tr>
 *   <tr><td>DS18B20</td><td>1-Wire (w1 sysfs directory), id 28-&lt;seed&gt;</td><td>bearing temperature, refreshed every second</td></tr>
 *   <tr><td>INA219</td><td>I2C bus 1, 0x40, 0.1 Ω shunt</td><td>motor current and supply voltage</td></tr>
 *   <tr><td>MCP3008</td><td>SPI 0, CE0, channel 0, Vref 3.3 V</td><td>discharge pressure: 0–10 bar transmitter, 4–20 mA across 150 Ω (0.6–3.0 V)</td></tr>
 *   <tr><td>tachometer</td><td>GPIO 17 (BCM)</td><td>one pulse per shaft revolution, 10 % duty</td></tr>
 *   <tr><td>door switch</td><td>GPIO 27 (BCM)</td><td>guard closed: high</td></tr>
 * </table>
 */
public final class PumpRig implements AutoCloseable {

    public static final int I2C_BUS = 1;
    public static final int ADXL345_ADDRESS = 0x53;
    public static final int BME280_ADDRESS = 0x76;
    public static final int INA219_ADDRESS = 0x40;
    public static final double INA219_SHUNT_OHMS = 0.1;
    public static final int SPI_BUS = 0;
    public static final int MCP3008_CHIP_SELECT = 0;
    public static final int PRESSURE_CHANNEL = 0;
    public static final double MCP3008_VREF_V = 3.3;
    /** The pressure transmitter: 4 mA at 0 bar, 20 mA at this (bar). */
    public static final double PRESSURE_FULL_SCALE_BAR = 10.0;
    /** Loop shunt at the ADC input (Ω): 4–20 mA become 0.6–3.0 V. */
    public static final double LOOP_SHUNT_OHMS = 150.0;
    public static final int TACHOMETER_GPIO = 17;
    public static final int DOOR_SWITCH_GPIO = 27;
    /** The vibration waveform is rebuilt from the machine's state this often (ms of wall time). */
    static final long WAVEFORM_REFRESH_MS = 1000;

    private final SimulatedMachine machine;
    private final SimulationClock clock;
    private final SimulatedBoard board;
    /** One thread for every rig in the JVM: rebuilding a waveform takes a few ms, once a second per rig. */
    private static final ScheduledExecutorService WAVEFORMS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sim-waveforms");
        t.setDaemon(true);
        return t;
    });

    private volatile SimulatedMachine.Waveform waveform;
    private final Ds18b20Sysfs ds18b20;
    private final ScheduledFuture<?> refresh;

    /** A rig without a 1-Wire bus (no DS18B20). */
    public PumpRig(SimulatedMachine machine, SimulationClock clock, long noiseSeed) {
        this(machine, clock, noiseSeed, null);
    }

    /**
     * @param w1DevicesDir where the DS18B20 appears as Linux's w1 sysfs shows it ({@code /sys/bus/w1/devices}
     *                     on a Pi); null for none
     */
    public PumpRig(SimulatedMachine machine, SimulationClock clock, long noiseSeed, Path w1DevicesDir) {
        this.machine = machine;
        this.clock = clock;
        this.ds18b20 = w1DevicesDir == null ? null
                : new Ds18b20Sysfs(w1DevicesDir, String.format("28-%012x", noiseSeed & 0xFFFF_FFFF_FFFFL));
        long epoch = clock.startNanos();
        this.board = SimulatedBoard.builder()
                .i2c(I2C_BUS, ADXL345_ADDRESS, new Adxl345Chip(this::acceleration, System::nanoTime, noiseSeed, true))
                .i2c(I2C_BUS, BME280_ADDRESS, new Bme280Chip(this::environment, System::nanoTime))
                .i2c(I2C_BUS, INA219_ADDRESS, new Ina219Chip(INA219_SHUNT_OHMS, this::load, System::nanoTime))
                .spi(SPI_BUS, MCP3008_CHIP_SELECT, new Mcp3008Chip(MCP3008_VREF_V, this::analogInput))
                .digitalInput(TACHOMETER_GPIO, new TachometerSignal(n -> state(n).shaftHz(), 1, 0.1, epoch))
                .digitalInput(DOOR_SWITCH_GPIO, new dev.prognos.simulators.pi4j.DigitalSignal() {
                    @Override
                    public boolean high(long nanos) {
                        return true;
                    }

                    @Override
                    public long nextEdge(long nanos) {
                        return Long.MAX_VALUE;
                    }
                })
                .build();
        refreshWaveform();
        updateW1();
        this.refresh = WAVEFORMS.scheduleWithFixedDelay(this::refreshWaveform, WAVEFORM_REFRESH_MS, WAVEFORM_REFRESH_MS,
                TimeUnit.MILLISECONDS);
    }

    public Context context() {
        return board.context();
    }

    public SimulatedMachine machine() {
        return machine;
    }

    public SimulationClock clock() {
        return clock;
    }

    /** The machine's state at a {@link System#nanoTime()} instant. */
    public SimulatedMachine.State state(long nanos) {
        return machine.state(clock.machineMillisAtNanos(nanos));
    }

    /**
     * Builds the waveform for the machine's state now. It takes milliseconds (the waveform calibrates
     * itself against core's feature code), far longer than the accelerometer's sample period, so it
     * is rebuilt in the background rather than on the chip's sampling path: the chip's FIFO must fill
     * at the output rate whatever the simulation costs.
     */
    private void refreshWaveform() {
        waveform = machine.waveform(clock.machineMillisAtNanos(System.nanoTime()));
        updateW1();
    }

    private void updateW1() {
        if (ds18b20 != null) {
            ds18b20.update(state(System.nanoTime()).bearingTempC());
        }
    }

    /** The DS18B20's id ({@code 28-...}), or null when the rig has no 1-Wire bus. */
    public String ds18b20Id() {
        return ds18b20 == null ? null : ds18b20.id();
    }

    private void acceleration(long nanos, double bandwidthHz, double[] out) {
        SimulatedMachine.Waveform w = waveform;
        double t = clock.secondsAtNanos(nanos);
        double vertical = w.verticalG(t, bandwidthHz);
        out[0] = w.horizontalG(t, bandwidthHz);
        out[1] = w.axialG(t, bandwidthHz);
        out[2] = 1.0 + vertical; // lying on top of the housing: z up, gravity included
    }

    private Bme280Chip.Environment environment(long nanos) {
        SimulatedMachine.State s = state(nanos);
        // In the motor's terminal box: room air, warmed a little by the machine.
        double air = s.ambientTempC() + 0.2 * (s.bearingTempC() - s.ambientTempC());
        return new Bme280Chip.Environment(air, s.ambientPressurePa(), s.ambientHumidityPct());
    }

    private Ina219Chip.Load load(long nanos) {
        SimulatedMachine.State s = state(nanos);
        return new Ina219Chip.Load(s.motorCurrentA(), s.supplyVoltageV());
    }

    private double analogInput(int channel) {
        if (channel != PRESSURE_CHANNEL) {
            return 0.0;
        }
        double bar = state(System.nanoTime()).dischargePressureBar();
        double mA = 4 + 16 * Math.max(0, Math.min(PRESSURE_FULL_SCALE_BAR, bar)) / PRESSURE_FULL_SCALE_BAR;
        return mA / 1000 * LOOP_SHUNT_OHMS;
    }

    @Override
    public void close() {
        refresh.cancel(false);
        board.close();
    }
}
