package dev.prognos.simulators;

import dev.prognos.core.MqttTopics;
import dev.prognos.core.telemetry.Telemetry;
import dev.prognos.core.telemetry.TelemetryJson;
import dev.prognos.simulators.internal.Durations;
import dev.prognos.simulators.internal.MqttPublisher;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fleet of simulated pumps publishing telemetry JSON at QoS 1 to
 * {@code prognos/v1/{site}/{device}/telemetry}, all through one MQTT 5 client. Each device
 * samples its machine at the configured rate; {@code ts} is the wall clock at sampling and
 * {@code seq} counts from 1 per device, strictly increasing.
 *
 * <p>One thread does all the work (sampling, encoding, the publish queue): 20 devices at 1 Hz
 * barely touch it, and one thread makes the per-device seq order trivially right.
 */
public final class Fleet implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Fleet.class);

    /** How often a progress line is logged. */
    public static final Duration REPORT_EVERY = Duration.ofSeconds(10);
    /** On stop, how long unsent and unacknowledged messages may take to reach the broker (ms). */
    static final long FLUSH_TIMEOUT_MS = 5_000;

    /**
     * @param sampled   readings taken
     * @param published readings the broker acknowledged (PUBACK)
     * @param inFlight  sent, not yet acknowledged
     * @param queued    waiting to be sent (broker away, or in-flight window full)
     * @param retried   sends repeated after a lost connection
     * @param failed    refused by the broker, or dropped from a full queue
     */
    public record Stats(long sampled, long published, int inFlight, int queued, long retried, long failed) {
    }

    private static final class Device {
        final String id;
        final String topic;
        final Machine machine;
        long seq; // last seq used; the first reading gets 1
        ScheduledFuture<?> sampling;

        Device(String id, String topic, Machine machine) {
            this.id = id;
            this.topic = topic;
            this.machine = machine;
        }
    }

    private final SimulatorOptions options;
    private final Clock clock;
    private final long startMillis;
    private final SimulationClock simulationClock;
    private final List<Device> devices;
    private final ScheduledExecutorService loop;
    private final MqttPublisher publisher;
    private final AtomicLong sampled = new AtomicLong();
    private final CountDownLatch samplingDone = new CountDownLatch(1);
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private int devicesSampling;
    private long lastReportPublished;

    private Fleet(SimulatorOptions options, Clock clock) {
        this.options = options;
        this.clock = clock;
        this.startMillis = clock.millis();
        this.simulationClock = new SimulationClock(startMillis, System.nanoTime(), options.speed());
        List<Device> list = new ArrayList<>();
        for (FleetPlan.Device d : FleetPlan.of(options, startMillis)) {
            list.add(new Device(d.id(), MqttTopics.telemetry(options.site(), d.id()), d.machine()));
        }
        this.devices = List.copyOf(list);
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fleet");
            t.setDaemon(true);
            return t;
        });
        String clientId = String.format("prognos-sim-%s-%06x", options.site(), ThreadLocalRandom.current().nextInt(1 << 24));
        this.publisher = new MqttPublisher(options.broker(), clientId, loop);
    }

    /** A fleet whose machines start their lives now; nothing runs until {@link #start()}. */
    public static Fleet create(SimulatorOptions options) {
        return new Fleet(options, Clock.systemUTC());
    }

    /** The truth about every device's faults, in device order, in the wall time telemetry carries. */
    public List<GroundTruth> groundTruth() {
        return devices.stream().flatMap(d -> d.machine.groundTruths().stream()).map(simulationClock::toWall).toList();
    }

    /** Epoch milliseconds at which every machine's life started. */
    public long startMillis() {
        return startMillis;
    }

    /** Connects (retrying until the broker answers) and starts sampling every device. */
    public Fleet start() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("fleet already started");
        }
        LOG.info("Simulating {} {} devices ({}..{}) on site {} at {} reading/s each, publishing to {} "
                        + "(seed {}, failures between {} and {} after start)",
                devices.size(), SimulatedMachine.ASSET_TYPE, devices.get(0).id, devices.get(devices.size() - 1).id,
                options.site(), format(options.rateHz()), options.broker(), options.seed(),
                Durations.format(options.failureMin()), Durations.format(options.failureMax()));
        publisher.start();
        long periodMicros = Math.round(1_000_000.0 / options.rateHz());
        loop.execute(() -> {
            devicesSampling = devices.size();
            for (int i = 0; i < devices.size(); i++) {
                Device d = devices.get(i);
                // Staggered over one period, so the fleet publishes evenly rather than in bursts.
                long offset = periodMicros * i / devices.size();
                d.sampling = loop.scheduleAtFixedRate(() -> sample(d), offset, periodMicros, TimeUnit.MICROSECONDS);
            }
        });
        long reportMs = REPORT_EVERY.toMillis();
        loop.scheduleAtFixedRate(this::report, reportMs, reportMs, TimeUnit.MILLISECONDS);
        options.duration().ifPresent(d -> loop.schedule(() -> {
            LOG.info("Ran for {}: stopping", Durations.format(d));
            stopSampling();
        }, d.toMillis(), TimeUnit.MILLISECONDS));
        return this;
    }

    /** Waits until sampling ends (--duration elapsed or --readings reached). */
    public boolean awaitSamplingDone(Duration timeout) throws InterruptedException {
        return samplingDone.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Waits until sampling ends, however long that takes (forever without --duration or --readings). */
    public void awaitSamplingDone() throws InterruptedException {
        samplingDone.await();
    }

    public Stats stats() {
        MqttPublisher.Stats p = publisher.stats();
        return new Stats(sampled.get(), p.published(), p.inFlight(), p.queued(), p.retried(), p.failed());
    }

    /**
     * Stops sampling, gives the broker up to {@value #FLUSH_TIMEOUT_MS} ms for what is still
     * queued or unacknowledged, disconnects and logs a summary. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            loop.submit(this::stopSampling).get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("Stopping the sampling: {}", e.toString());
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(FLUSH_TIMEOUT_MS);
        while (!publisher.idle() && publisher.isConnected() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(20_000_000L); // 20 ms between checks of two counters
        }
        Stats s = stats();
        if (s.queued() + s.inFlight() > 0) {
            LOG.warn("Stopping with {} readings not acknowledged by the broker ({} queued, {} in flight)",
                    s.queued() + s.inFlight(), s.queued(), s.inFlight());
        }
        publisher.close(1_000);
        loop.shutdownNow();
        LOG.info("Stopped: {} readings taken, {} published, {} retried, {} failed; MQTT client to {} closed",
                s.sampled(), s.published(), s.retried(), s.failed(), options.broker());
    }

    private void sample(Device d) {
        long ts = clock.millis();
        Telemetry t = Telemetry.of(d.id, options.site(), d.machine.assetType(), ++d.seq, ts,
                d.machine.sample(simulationClock.machineMillis(ts)));
        publisher.publish(d.topic, TelemetryJson.encode(t));
        sampled.incrementAndGet();
        if (options.readings().isPresent() && d.seq >= options.readings().get()) {
            d.sampling.cancel(false);
            if (--devicesSampling == 0) {
                LOG.info("Every device sent {} readings: stopping", d.seq);
                samplingDone.countDown();
            }
        }
    }

    private void stopSampling() {
        for (Device d : devices) {
            if (d.sampling != null) {
                d.sampling.cancel(false);
            }
        }
        devicesSampling = 0;
        samplingDone.countDown();
    }

    private void report() {
        Stats s = stats();
        long now = simulationClock.machineMillis(clock.millis());
        int degrading = 0;
        int failed = 0;
        for (Device d : devices) {
            GroundTruth g = d.machine.groundTruth();
            if (now >= g.failureMillis()) {
                failed++;
            } else if (now >= g.onsetMillis()) {
                degrading++;
            }
        }
        double perSecond = (s.published() - lastReportPublished) / (double) REPORT_EVERY.toSeconds();
        lastReportPublished = s.published();
        LOG.info("Published {} ({}/s); in flight {}, queued {}, retried {}, failures {}{} | pumps degrading {}, failed {} of {}",
                s.published(), format(perSecond), s.inFlight(), s.queued(), s.retried(), s.failed(),
                publisher.isConnected() ? "" : " | NOT CONNECTED to " + options.broker(), degrading, failed, devices.size());
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
