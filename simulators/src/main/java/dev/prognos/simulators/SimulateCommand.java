package dev.prognos.simulators;

import dev.prognos.simulators.internal.Durations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./prognos simulate}: a simulated fleet publishing telemetry over MQTT 5 until Ctrl-C,
 * SIGTERM, {@code --duration} or {@code --readings}. Defaults live in {@link SimulatorOptions};
 * an option left out here keeps its default there.
 */
@Command(name = "simulate", sortOptions = false,
        description = {"A simulated fleet of centrifugal pumps whose bearings wear out. By default every device is "
                + "a real edge agent (durable outbox, MQTT 5, drivers) on a simulated Raspberry Pi whose chips follow a "
                + "physics model of the pump; --mode direct publishes the models' readings from one client instead.",
                "Telemetry JSON goes at QoS 1 to prognos/v1/{site}/{device}/telemetry. Ctrl-C or SIGTERM stops it cleanly."})
public final class SimulateCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(SimulateCommand.class);

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = SimulatorOptions.DEVICES, paramLabel = "N", description = SimulatorOptions.DEVICES_DOC)
    Integer devices;

    @Option(names = SimulatorOptions.BROKER, paramLabel = "URI", description = SimulatorOptions.BROKER_DOC)
    String broker;

    @Option(names = SimulatorOptions.SITE, paramLabel = "ID", description = SimulatorOptions.SITE_DOC)
    String site;

    @Option(names = SimulatorOptions.RATE_HZ, paramLabel = "HZ", description = SimulatorOptions.RATE_HZ_DOC)
    Double rateHz;

    @Option(names = SimulatorOptions.SEED, paramLabel = "N", description = SimulatorOptions.SEED_DOC)
    Long seed;

    @Option(names = SimulatorOptions.FAILURE_MIN, paramLabel = "DURATION", converter = DurationConverter.class,
            description = SimulatorOptions.FAILURE_MIN_DOC)
    Duration failureMin;

    @Option(names = SimulatorOptions.FAILURE_MAX, paramLabel = "DURATION", converter = DurationConverter.class,
            description = SimulatorOptions.FAILURE_MAX_DOC)
    Duration failureMax;

    @Option(names = SimulatorOptions.DURATION, paramLabel = "DURATION", converter = DurationConverter.class,
            description = SimulatorOptions.DURATION_DOC)
    Duration duration;

    @Option(names = SimulatorOptions.READINGS, paramLabel = "N", description = SimulatorOptions.READINGS_DOC)
    Long readings;

    @Option(names = SimulatorOptions.GROUND_TRUTH, paramLabel = "FILE", description = SimulatorOptions.GROUND_TRUTH_DOC)
    Path groundTruth;

    @Option(names = SimulatorOptions.SPEED, paramLabel = "K", description = SimulatorOptions.SPEED_DOC)
    Double speed;

    @Option(names = SimulatorOptions.MODE, paramLabel = "MODE", converter = ModeConverter.class,
            description = SimulatorOptions.MODE_DOC)
    SimulatorOptions.Mode mode;

    @Option(names = SimulatorOptions.DATA_DIR, paramLabel = "DIR", description = SimulatorOptions.DATA_DIR_DOC)
    Path dataDir;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Parses, validates and runs; returns the exit code (0 ok, 2 bad options). */
    static int run(String... args) {
        CommandLine cli = new CommandLine(new SimulateCommand());
        // A wrong value is the user's mistake: the message names the option; no stack trace.
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof IllegalArgumentException) {
                cmd.getErr().println(cmd.getColorScheme().errorText("simulate: " + e.getMessage()));
                cmd.getErr().println("Run with --help for the options.");
                return 2;
            }
            throw e;
        });
        return cli.execute(args);
    }

    /** The options given on the command line over the defaults. */
    SimulatorOptions options() {
        SimulatorOptions.Builder b = SimulatorOptions.builder();
        if (devices != null) {
            b.devices(devices);
        }
        if (broker != null) {
            b.broker(broker);
        }
        if (site != null) {
            b.site(site);
        }
        if (rateHz != null) {
            b.rateHz(rateHz);
        }
        if (seed != null) {
            b.seed(seed);
        }
        if (failureMin != null) {
            b.failureMin(failureMin);
        }
        if (failureMax != null) {
            b.failureMax(failureMax);
        }
        if (speed != null) {
            b.speed(speed);
        }
        if (mode != null) {
            b.mode(mode);
        }
        if (dataDir != null) {
            b.dataDir(dataDir);
        }
        return b.duration(duration).readings(readings).groundTruth(groundTruth).build();
    }

    @Override
    public Integer call() throws InterruptedException {
        SimulatorOptions options = options();
        return options.mode() == SimulatorOptions.Mode.AGENTS ? runAgents(options) : runDirect(options);
    }

    private static void writeGroundTruth(SimulatorOptions options, List<GroundTruth> truth) {
        options.groundTruth().ifPresent(file -> {
            GroundTruth.writeCsv(file, truth);
            LOG.info("Ground truth ({} faults, wall-clock ms) written to {}", truth.size(), file.toAbsolutePath());
        });
    }

    private static int runAgents(SimulatorOptions options) throws InterruptedException {
        AgentFleet fleet = AgentFleet.start(options, options.dataDir());
        writeGroundTruth(options, fleet.groundTruth());
        CountDownLatch stop = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            LOG.info("Signal received: stopping the agents");
            stop.countDown();
            fleet.close();
        }, "fleet-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        long deadline = options.duration().map(d -> System.nanoTime() + d.toNanos()).orElse(Long.MAX_VALUE);
        while (!stop.await(Math.min(Fleet.REPORT_EVERY.toMillis(), Math.max(1, (deadline - System.nanoTime()) / 1_000_000)),
                TimeUnit.MILLISECONDS)) {
            LOG.info("{}", fleet.summary());
            if (System.nanoTime() - deadline >= 0) {
                LOG.info("Ran for {}: stopping", Durations.format(options.duration().orElseThrow()));
                break;
            }
        }
        fleet.close();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is already running; it finds the fleet closed.
        }
        return 0;
    }

    private static int runDirect(SimulatorOptions options) throws InterruptedException {
        Fleet fleet = Fleet.create(options);
        writeGroundTruth(options, fleet.groundTruth());
        // Ctrl-C and SIGTERM run the hook: stop sampling, flush, disconnect, then the JVM exits.
        Thread hook = new Thread(() -> {
            LOG.info("Signal received: stopping the fleet");
            fleet.close();
        }, "fleet-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        fleet.start();
        fleet.awaitSamplingDone();
        fleet.close();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is already running; it finds the fleet closed.
        }
        return 0;
    }

    /** agents or direct, any case. */
    static final class ModeConverter implements CommandLine.ITypeConverter<SimulatorOptions.Mode> {
        @Override
        public SimulatorOptions.Mode convert(String value) {
            try {
                return SimulatorOptions.Mode.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("must be agents or direct, got '" + value + "'");
            }
        }
    }

    /** Reads 45s, 10m, 1h30m, 500ms or PT45S. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return Durations.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
