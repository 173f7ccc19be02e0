package dev.prognos.edge;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./prognos agent --config FILE}: runs the agent until SIGTERM or Ctrl-C. */
@Command(name = "agent", mixinStandardHelpOptions = true, versionProvider = AgentCommand.Version.class,
        description = {"The Prognos device agent: samples the sensors of FILE, keeps every reading in a durable "
                + "outbox and publishes it over MQTT 5. Stops cleanly on SIGTERM or Ctrl-C.",
                "Configuration keys: edge-agent/README.md."})
public final class AgentCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(AgentCommand.class);

    public static final String DATA_DIR_ENV = "PROGNOS_DATA_DIR";
    public static final String DEFAULT_DATA_DIR = "/var/lib/prognos";
    public static final String OUTBOX_FILE = "outbox.db";

    @Option(names = "--config", required = true, paramLabel = "FILE",
            description = "The device's YAML configuration, e.g. /etc/prognos/agent.yaml.")
    Path config;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${env:" + DATA_DIR_ENV + ":-" + DEFAULT_DATA_DIR + "}",
            description = "Where the outbox (" + OUTBOX_FILE + ") lives; must survive reboots. Default: $"
                    + DATA_DIR_ENV + " or ${DEFAULT-VALUE}.")
    Path dataDir;

    @Option(names = "--synthetic", description = "Replace every configured sensor by a synthetic one with the same "
            + "readings and rate (no hardware needed, no Pi4J context).")
    boolean synthetic;

    @Option(names = "--check", description = "Check the configuration and the files it names (readable by this user), "
            + "print a summary and exit: 0 when valid, 2 with every wrong key named. Opens no sensor and no connection.")
    boolean check;

    @Option(names = "--status-interval-s", paramLabel = "S", defaultValue = "60",
            description = "Seconds between status messages while connected (1..3600). Default: ${DEFAULT-VALUE}.")
    int statusIntervalS;

    public static void main(String[] args) {
        System.exit(new CommandLine(new AgentCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (statusIntervalS < 1 || statusIntervalS > 3600) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "--status-interval-s must be 1..3600, got " + statusIntervalS);
        }
        AgentOptions options;
        try {
            options = AgentOptions.load(config).checkFilesReadable();
        } catch (InvalidOptionsException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        if (check) {
            System.out.println(config + ": valid. Device " + options.deviceId() + " at site " + options.site() + " ("
                    + options.assetType() + "), broker " + options.brokerUrl() + ", " + options.sensors().size() + " sensor(s):");
            options.sensors().forEach(s -> System.out.println("  " + s));
            return 0;
        }
        // Bursts are small (a 1 s burst at 1600 Hz is a 2048-point FFT): compute them on the sampling
        // thread rather than hand them to JTransforms' pool (core's advice, BENCHMARKS.md "Edge features").
        dev.prognos.core.features.vibration.BurstFeatureExtractor.computeOnCallingThread();
        // One Pi4J context per process, only when real sensors are read: it probes the board.
        Context pi4j = synthetic || options.sensors().isEmpty() ? null : Pi4J.newAutoContext();
        List<SensorSource> sources;
        try {
            sources = pi4j == null ? SensorSources.synthetic(options) : SensorSources.open(options, pi4j);
        } catch (InvalidOptionsException e) {
            System.err.println(e.getMessage());
            pi4j.shutdown();
            return 2;
        }
        Outbox outbox = Outbox.open(dataDir.resolve(OUTBOX_FILE), options.outbox().maxBytes(), options.outbox().policy());
        Agent.Runtime runtime = new Agent.Runtime(statusIntervalS * 1000L, Agent.Runtime.DEFAULT_DRAIN_ON_STOP_MS,
                Agent.Runtime.DEFAULT_BACKOFF_MIN_MS, Agent.Runtime.DEFAULT_BACKOFF_MAX_MS);
        Agent agent = new Agent(options, outbox, sources, runtime);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("stopping (signal received)");
            agent.close();
            if (pi4j != null) {
                pi4j.shutdown();
            }
            stopped.countDown();
        }, "prognos-shutdown"));
        agent.start();
        stopped.await();
        return 0;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"prognos agent " + Agent.VERSION};
        }
    }
}
