package dev.prognos.simulators;

import dev.prognos.edge.Agent;
import dev.prognos.edge.AgentOptions;
import dev.prognos.edge.Outbox;
import dev.prognos.edge.SensorSource;
import dev.prognos.edge.SensorSources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fleet of real edge agents ({@link Agent}, unchanged: its sensor wiring from the YAML file, its
 * durable outbox, its MQTT 5 publisher) each on the simulated Raspberry Pi of a {@link PumpRig}:
 * the agent opens its sensors through {@link SensorSources#open} on the rig's Pi4J context and
 * cannot tell the chips from real ones. Every device keeps its files in {@code dataDir/<device>/}:
 * the agent's {@code agent.yaml} (written at each start) and its {@code outbox.db}, so the seq
 * of every device survives a restart of the fleet, as it does on a device.
 *
 * <p>Wear runs in machine time ({@link SimulationClock}, {@code --speed}); the agents sample and
 * stamp in real time. Each start begins new machine lives; the ground truth is in wall time.
 */
public final class AgentFleet implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AgentFleet.class);

    /** Vibration bursts: 1 s at 800 Hz every 2 s (see README, "Vibration" for why 800 Hz). */
    public static final int BURST_RATE_HZ = 800;
    public static final double BURST_DURATION_S = 1.0;
    public static final double BURST_EVERY_S = 2.0;
    /** Each device's simulated w1 sysfs directory, under its data directory. */
    static final String W1_DIR = "w1";
    /** How long a stopping agent may take to publish what is still in its outbox (ms). */
    static final long DRAIN_ON_STOP_MS = 2_000;

    private record Unit(String id, SimulatedMachine machine, PumpRig rig, Agent agent) {
    }

    private final SimulatorOptions options;
    private final SimulationClock clock;
    private final List<Unit> units;
    private final AtomicBoolean closed = new AtomicBoolean();

    private AgentFleet(SimulatorOptions options, SimulationClock clock, List<Unit> units) {
        this.options = options;
        this.clock = clock;
        this.units = units;
    }

    /**
     * Writes each device's configuration, opens its sensors on its rig and its outbox, and starts
     * its agent. A device that fails to start stops the ones already started.
     */
    public static AgentFleet start(SimulatorOptions options, Path dataDir) {
        SimulationClock clock = SimulationClock.startingNow(options.speed());
        List<Unit> units = new ArrayList<>();
        try {
            List<FleetPlan.Device> plan = FleetPlan.of(options, clock.startWallMillis());
            for (int i = 0; i < plan.size(); i++) {
                FleetPlan.Device d = plan.get(i);
                units.add(startUnit(options, clock, dataDir.resolve(d.id()), d, SimulatedMachine.mix(options.seed() ^ 0x726967L, i)));
            }
        } catch (RuntimeException e) {
            new AgentFleet(options, clock, units).close();
            throw e;
        }
        AgentFleet fleet = new AgentFleet(options, clock, List.copyOf(units));
        LOG.info("Simulating {} {} devices ({}..{}) on site {}: real agents on simulated boards, publishing to {}; "
                        + "wear at {}x (failures between {} and {} of machine time, {} to {} from now); data in {}",
                units.size(), SimulatedMachine.ASSET_TYPE, units.get(0).id(), units.get(units.size() - 1).id(),
                options.site(), options.broker(), format(options.speed()),
                dev.prognos.simulators.internal.Durations.format(options.failureMin()),
                dev.prognos.simulators.internal.Durations.format(options.failureMax()),
                wall(options.failureMin().toMillis() / options.speed()), wall(options.failureMax().toMillis() / options.speed()),
                dataDir.toAbsolutePath());
        return fleet;
    }

    private static Unit startUnit(SimulatorOptions options, SimulationClock clock, Path dir, FleetPlan.Device d, long rigSeed) {
        // The rig's DS18B20 appears in the device's own w1 directory, as /sys/bus/w1/devices shows one on a Pi.
        Path w1 = dir.resolve(W1_DIR).toAbsolutePath();
        PumpRig rig = new PumpRig(d.machine(), clock, rigSeed, w1);
        try {
            Files.createDirectories(dir);
            Path yaml = dir.resolve("agent.yaml");
            Files.writeString(yaml, agentYaml(options, d.id(), rig.ds18b20Id(), w1));
            // The file alone: PROGNOS_* variables of this process are meant for one device, not for every one.
            AgentOptions agentOptions = AgentOptions.load(yaml, Map.of());
            List<SensorSource> sources = SensorSources.open(agentOptions, rig.context());
            Outbox outbox = Outbox.open(dir.resolve("outbox.db"), agentOptions.outbox().maxBytes(), agentOptions.outbox().policy());
            Agent agent = new Agent(agentOptions, outbox, sources, new Agent.Runtime(Agent.Runtime.DEFAULT_STATUS_INTERVAL_MS,
                    DRAIN_ON_STOP_MS, Agent.Runtime.DEFAULT_BACKOFF_MIN_MS, 30_000));
            agent.start();
            return new Unit(d.id(), d.machine(), rig, agent);
        } catch (IOException e) {
            rig.close();
            throw new UncheckedIOException("cannot write the configuration of " + d.id() + " in " + dir, e);
        } catch (RuntimeException e) {
            rig.close();
            throw e;
        }
    }

    /**
     * The agent's configuration for one device on a {@link PumpRig}: the sensors as the rig wires
     * them, in the layout of edge-agent's example configuration. The DS18B20 ({@code oneWireId}) is
     * read from {@code w1DevicesDir}, the rig's stand-in for {@code /sys/bus/w1/devices}.
     */
    static String agentYaml(SimulatorOptions options, String device, String oneWireId, Path w1DevicesDir) {
        double rate = options.rateHz();
        return String.join("\n",
                "# Written by ./prognos simulate at every start: a device on a simulated board (simulators/PumpRig).",
                "device:",
                "  id: " + device,
                "  site: " + options.site(),
                "  asset-type: " + SimulatedMachine.ASSET_TYPE,
                "broker:",
                "  url: " + options.broker(),
                "sensors:",
                "  - {name: ambient, type: bme280, bus: " + PumpRig.I2C_BUS + ", address: " + hex(PumpRig.BME280_ADDRESS)
                        + ", rate-hz: " + format(rate / 10) + "}",
                "  - {name: motor, type: ina219, bus: " + PumpRig.I2C_BUS + ", address: " + hex(PumpRig.INA219_ADDRESS)
                        + ", rate-hz: " + format(rate) + ", params: {shunt-ohms: " + PumpRig.INA219_SHUNT_OHMS + ", max-current-a: 3.2}}",
                "  - name: vibration",
                "    type: adxl345",
                "    bus: " + PumpRig.I2C_BUS,
                "    address: " + hex(PumpRig.ADXL345_ADDRESS),
                "    burst: {sample-rate-hz: " + BURST_RATE_HZ + ", duration-s: " + format(BURST_DURATION_S)
                        + ", every-s: " + format(BURST_EVERY_S / Math.min(1, rate)) + "}",
                "    params: {range-g: 16, axis: z}",
                "  - {name: discharge-pressure, type: mcp3008, bus: " + PumpRig.SPI_BUS + ", chip-select: " + PumpRig.MCP3008_CHIP_SELECT
                        + ", channel: " + PumpRig.PRESSURE_CHANNEL + ", rate-hz: " + format(rate / 2)
                        + ", params: {reading: discharge_pressure_bar, shunt-ohms: " + format(PumpRig.LOOP_SHUNT_OHMS)
                        + ", at-4ma: 0, at-20ma: " + format(PumpRig.PRESSURE_FULL_SCALE_BAR) + "}}",
                // At most 1 Hz: a 12-bit conversion takes 750 ms. YAML single quotes: a path may hold ': '.
                "  - {name: bearing-temp, type: ds18b20, one-wire-id: " + oneWireId + ", rate-hz: " + format(Math.min(1, rate / 2))
                        + ", params: {devices-dir: '" + w1DevicesDir.toString().replace("'", "''") + "'}}",
                "  - {name: shaft-speed, type: tachometer, pin: " + PumpRig.TACHOMETER_GPIO + ", rate-hz: " + format(rate / 2)
                        + ", params: {pulses-per-rev: 1}}",
                "  - {name: door, type: switch, pin: " + PumpRig.DOOR_SWITCH_GPIO + ", rate-hz: " + format(rate / 5)
                        + ", params: {reading: guard_open_bool, pull: up, active: low}}",
                "outbox:",
                "  max-bytes: 16MiB",
                "  policy: drop-oldest",
                "  flush-rate-per-s: 100",
                "");
    }

    /** Every fault of every device, in the wall time telemetry carries. */
    public List<GroundTruth> groundTruth() {
        return units.stream().flatMap(u -> u.machine().groundTruths().stream()).map(clock::toWall).toList();
    }

    public SimulationClock clock() {
        return clock;
    }

    public int size() {
        return units.size();
    }

    /** Messages waiting in the outboxes, and whether each agent is connected. */
    public String summary() {
        long waiting = 0;
        long lastSeqs = 0;
        int connected = 0;
        int degrading = 0;
        int failed = 0;
        long machineNow = clock.machineMillis(System.currentTimeMillis());
        for (Unit u : units) {
            Outbox.Stats s = u.agent().outboxStats();
            waiting += s.depth();
            lastSeqs += s.lastSeq();
            connected += u.agent().connected() ? 1 : 0;
            GroundTruth g = u.machine().groundTruth();
            if (machineNow >= g.failureMillis()) {
                failed++;
            } else if (machineNow >= g.onsetMillis()) {
                degrading++;
            }
        }
        return String.format(Locale.ROOT, "agents connected %d of %d, readings stored %d, waiting in outboxes %d | pumps degrading %d, failed %d",
                connected, units.size(), lastSeqs, waiting, degrading, failed);
    }

    /** Stops every agent (each drains its outbox for up to 2 s, in parallel), then the rigs. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        CompletableFuture.allOf(units.stream().map(u -> CompletableFuture.runAsync(() -> {
            try {
                u.agent().close();
            } finally {
                u.rig().close();
            }
        })).toArray(CompletableFuture[]::new)).exceptionally(e -> {
            LOG.warn("Stopping an agent failed: {}", e.toString());
            return null;
        }).join();
        LOG.info("Stopped {} agents; their outboxes keep what was not published for the next start", units.size());
    }

    private static String hex(int address) {
        return String.format("0x%02X", address);
    }

    private static String format(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String wall(double millis) {
        return dev.prognos.simulators.internal.Durations.format(java.time.Duration.ofMillis(Math.round(millis)));
    }
}
