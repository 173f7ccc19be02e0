package dev.prognos.console.support;

import dev.prognos.core.Topics;
import dev.prognos.core.telemetry.Telemetry;
import dev.prognos.core.telemetry.TelemetryAvro;
import dev.prognos.simulators.SimulatedMachine;
import dev.prognos.simulators.SimulationClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The simulators' physics pumps ({@link SimulatedMachine}: bearing wear on a random damage path,
 * second faults, noise) under time compression ({@link SimulationClock}), sampled once a second on
 * the wall clock like the simulated fleet's agents, written as the gateway writes them: Avro
 * telemetry on {@code prognos.telemetry}, keyed by device. (The MQTT leg and the gateway are not in
 * this path; the demo check runs them.)
 *
 * <p>A test can hold the wear: machine time stops (the pumps keep running and sampling, with their
 * noise, at the wall clock) until {@link #resume()}. So a loaded machine, where the Flink job may
 * fall behind and then emit several windows at once, cannot skip a stage the test must see.
 */
public final class SimulatedPumps implements AutoCloseable {

    /** One pump: its physics, and how far into its life it is when the simulation starts. */
    public record Pump(String device, String site, long seed, Duration lifetime, double startedAtFraction) {
    }

    private record Running(Pump pump, SimulatedMachine machine, long[] seq) {
    }

    private final SimulationClock clock;
    private final List<Running> pumps = new ArrayList<>();
    private final KafkaProducer<byte[], byte[]> producer;
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "simulated-pumps");
        t.setDaemon(true);
        return t;
    });
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final Object holdLock = new Object();
    private long heldSince = -1; // wall ms the hold began, -1 when the wear runs
    private long heldTotal;      // wall ms spent held before, taken off the wear's clock
    private String holdDevice;
    private double holdAtRmsMmS = Double.NaN;

    /**
     * Starts sampling now.
     *
     * @param speed machine seconds per wall second
     * @param held  whether the wear starts held (see {@link #resume()})
     */
    public SimulatedPumps(String bootstrap, double speed, boolean held, List<Pump> fleet) {
        long now = System.currentTimeMillis();
        heldSince = held ? now : -1;
        this.clock = new SimulationClock(now, System.nanoTime(), speed);
        for (Pump p : fleet) {
            // Its life began that long ago (machine time): it is startedAtFraction of the way to its failure now.
            long start = now - Math.round(p.lifetime().toMillis() * p.startedAtFraction());
            pumps.add(new Running(p, SimulatedMachine.create(p.device(), p.seed(), start, p.lifetime()), new long[1]));
        }
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        loop.scheduleAtFixedRate(this::sample, 0, 1, TimeUnit.SECONDS);
    }

    /** The machine behind a device, for the test's expectations. */
    public SimulatedMachine machine(String device) {
        return pumps.stream().filter(r -> r.pump().device().equals(device)).findFirst().orElseThrow().machine();
    }

    public SimulationClock clock() {
        return clock;
    }

    /** Lets the wear run on (machine time resumes where it stopped), and forgets a hold not yet reached. */
    public void resume() {
        synchronized (holdLock) {
            holdDevice = null;
            if (heldSince >= 0) {
                heldTotal += System.currentTimeMillis() - heldSince;
                heldSince = -1;
            }
        }
    }

    /** Holds the wear as soon as {@code device}'s RMS velocity (the model's, without noise) reaches {@code rmsMmS}. */
    public void holdWhen(String device, double rmsMmS) {
        synchronized (holdLock) {
            holdDevice = device;
            holdAtRmsMmS = rmsMmS;
        }
    }

    /** Machine time at wall time {@code ts}: the compressed clock, less the time held. */
    private long machineMillis(long ts) {
        synchronized (holdLock) {
            long machine = clock.machineMillis((heldSince >= 0 ? heldSince : ts) - heldTotal);
            if (heldSince < 0 && holdDevice != null && machine(holdDevice).expectedRmsMmS(machine) >= holdAtRmsMmS) {
                heldSince = ts;
                holdDevice = null;
            }
            return machine;
        }
    }

    /** Throws when a send failed. */
    public void assertHealthy() {
        if (failure.get() != null) {
            throw new IllegalStateException("simulated pumps: " + failure.get(), failure.get());
        }
    }

    private void sample() {
        long ts = System.currentTimeMillis();
        long machineTs = machineMillis(ts);
        for (Running r : pumps) {
            Map<String, Double> readings = r.machine().sample(machineTs);
            Telemetry t = Telemetry.of(r.pump().device(), r.pump().site(), r.machine().assetType(), ++r.seq()[0], ts, readings);
            producer.send(new ProducerRecord<>(Topics.TELEMETRY, r.pump().device().getBytes(StandardCharsets.UTF_8),
                    TelemetryAvro.encode(t)), (md, e) -> {
                        if (e != null) {
                            failure.compareAndSet(null, e);
                        }
                    });
        }
    }

    @Override
    public void close() {
        loop.shutdownNow();
        try {
            loop.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }
}
