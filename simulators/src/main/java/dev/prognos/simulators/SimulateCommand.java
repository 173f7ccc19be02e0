package dev.prognos.simulators;

import dev.prognos.simulators.internal.Durations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
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
        description = {"A simulated fleet of centrifugal pumps whose bearings wear out, publishing telemetry "
                + "JSON at QoS 1 to prognos/v1/{site}/{device}/telemetry over MQTT 5.",
                "Ctrl-C or SIGTERM stops it cleanly."})
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
        return b.duration(duration).readings(readings).groundTruth(groundTruth).build();
    }

    @Override
    public Integer call() throws InterruptedException {
        SimulatorOptions options = options();
        Fleet fleet = Fleet.create(options);
        options.groundTruth().ifPresent(file -> {
            GroundTruth.writeCsv(file, fleet.groundTruth());
            LOG.info("Ground truth of {} devices written to {}", fleet.groundTruth().size(), file.toAbsolutePath());
        });
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
