package dev.prognos.gateway.bench;

import dev.prognos.core.MqttTopics;
import dev.prognos.core.ledger.SequenceLedger;
import dev.prognos.gateway.support.BrokerProcess;
import dev.prognos.gateway.support.FleetPublisher;
import dev.prognos.gateway.support.GatewayProcess;
import dev.prognos.gateway.support.RawPublisher;
import dev.prognos.gateway.support.TelemetryTail;
import dev.prognos.stack.LocalKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Load benchmark of the gateway: N simulated publishers (QoS 1 telemetry, each its own MQTT
 * connection and devices) → Mosquitto → the packaged gateway (a child JVM, as in production) →
 * Kafka, next to the broker's own publish → subscribe rate measured in the same run with the
 * same publishers and a plain Paho QoS 1 subscriber. Prints readings/s for both, their ratio,
 * and MQTT → Kafka latency percentiles (payload ts = publish time, against the Kafka record's
 * timestamp and against the moment a consumer read it).
 *
 * <p>Unit: "readings" in the options and in the rates printed first is, as in every figure
 * measured before, telemetry <em>messages</em> (one MQTT message, one Kafka record); each message
 * carries {@link RawPublisher#READINGS_PER_MESSAGE} readings in its {@code readings} map (DESIGN.md
 * §3), and the readings of that map per second are printed next to each rate.
 *
 * <p>Run with {@code gateway/bench [--publishers N] [--readings TOTAL] [--devices-per-publisher D]
 * [--gateway-env KEY=VALUE ...]}; see gateway/README.md.
 */
public final class GatewayBench {

    public static void main(String[] args) throws Exception {
        int publishers = 4;
        long readings = 200_000;
        int devicesPerPublisher = 25;
        int window = 1000;
        int brokerInflight = 1000;
        long warmup = -1;
        int replicas = 1;
        Map<String, String> gatewayEnv = new HashMap<>();
        List<String> gatewayJvm = new ArrayList<>(List.of("-Xmx512m"));
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--publishers" -> publishers = Integer.parseInt(args[++i]);
                case "--readings" -> readings = Long.parseLong(args[++i]);
                case "--devices-per-publisher" -> devicesPerPublisher = Integer.parseInt(args[++i]);
                case "--window" -> window = Integer.parseInt(args[++i]);
                case "--broker-inflight" -> brokerInflight = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Long.parseLong(args[++i]);
                case "--replicas" -> replicas = Integer.parseInt(args[++i]);
                case "--gateway-env" -> {
                    String[] kv = args[++i].split("=", 2);
                    gatewayEnv.put(kv[0], kv[1]);
                }
                case "--gateway-jvm" -> gatewayJvm.add(args[++i]);
                case "--burst" -> burst = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (--publishers N --readings TOTAL --devices-per-publisher D --window W --broker-inflight M --warmup READINGS --replicas N --gateway-env K=V --gateway-jvm FLAG --burst MESSAGES)");
            }
        }
        long perDevice = readings / ((long) publishers * devicesPerPublisher);
        long total = perDevice * publishers * devicesPerPublisher;
        // Warm-up before each measurement: on 2 busy cores the JIT compilers of the three JVMs
        // (publishers, gateway, Kafka) take minutes to settle, and a short warm-up measures them.
        long warmupPerDevice = Math.max(1, (warmup < 0 ? total : warmup) / ((long) publishers * devicesPerPublisher));

        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "bench")).toAbsolutePath(), "run-");
        System.out.printf("load average (1, 5, 15 min) before the run: %s%n", loadAverage());
        System.out.printf("Gateway benchmark: %d publishers x %d devices x %d readings = %d readings (after a warm-up of %d), QoS 1, window %d, bursts of %s, broker max_inflight_messages %d, %d gateway(s) %s; %d cores, Java %s; work dir %s%n",
                publishers, devicesPerPublisher, perDevice, total, warmupPerDevice * publishers * devicesPerPublisher, window,
                burst > 0 ? Integer.toString(burst) : Math.max(1, window / 4) + " (a quarter of the window)", brokerInflight, replicas, gatewayEnv, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), dir);
        try (BrokerProcess mosquitto = BrokerProcess.mosquitto(dir.resolve("mosquitto"), brokerInflight);
             LocalKafka kafka = LocalKafka.start(dir.resolve("kafka"))) {
            // 1. The broker alone: same publishers, one raw-socket QoS 1 subscriber.
            rawRate(mosquitto.serverUri(), publishers, devicesPerPublisher, warmupPerDevice, window); // warm-up
            Cpu rawCpu = new Cpu().add("mosquitto", mosquitto.pid()).add("bench JVM", ProcessHandle.current().pid());
            double raw = rawRate(mosquitto.serverUri(), publishers, devicesPerPublisher, perDevice, window);
            Cpu.Use rawUse = rawCpu.since(total);
            System.out.printf("broker alone (publish -> raw-socket subscriber, QoS 1): %,.0f readings/s (messages/s; x %d values per message = %,.0f values/s); %s%n",
                    raw, RawPublisher.READINGS_PER_MESSAGE, raw * RawPublisher.READINGS_PER_MESSAGE, rawUse);

            // 2. Through the gateway into Kafka.
            Map<String, String> env = new HashMap<>(Map.of(
                    "PROGNOS_MQTT_BROKER", mosquitto.serverUri(),
                    "PROGNOS_KAFKA", kafka.bootstrapServers(),
                    "PROGNOS_MQTT_CLIENT_ID", "gateway-bench",
                    "PROGNOS_MQTT_FORWARD_STATUS", "false",
                    "PROGNOS_REVERSE_ENABLED", "false"));
            env.putAll(gatewayEnv);
            List<GatewayProcess> gateways = new ArrayList<>();
            try {
                for (int g = 1; g <= replicas; g++) {
                    Map<String, String> own = new HashMap<>(env);
                    if (replicas > 1) {
                        // Replicas split the load through one shared subscription; each its own session.
                        own.put("PROGNOS_MQTT_CLIENT_ID", "gateway-bench-" + g);
                        own.putIfAbsent("PROGNOS_MQTT_SHARED_GROUP", "bench");
                    }
                    gateways.add(GatewayProcess.start("gateway-" + g, own, gatewayJvm, dir));
                }
                for (GatewayProcess g : gateways) {
                    g.awaitReady(java.time.Duration.ofSeconds(60));
                }
                GatewayProcess gateway = gateways.get(0);
                Result w = throughGateway(mosquitto.serverUri(), kafka.bootstrapServers(), publishers, devicesPerPublisher,
                        warmupPerDevice, window, null, 0, null); // warm-up: JIT, Kafka metadata, batches
                System.out.printf("warm-up through the gateway: %,.0f readings/s%n", w.rate);
                Cpu gwCpu = new Cpu().add("mosquitto", mosquitto.pid());
                for (int g = 0; g < gateways.size(); g++) {
                    gwCpu.add(replicas == 1 ? "gateway" : "gateway-" + (g + 1), gateways.get(g).pid());
                }
                gwCpu.add("kafka", kafka.pid()).add("bench JVM", ProcessHandle.current().pid());
                Result r = throughGateway(mosquitto.serverUri(), kafka.bootstrapServers(), publishers, devicesPerPublisher,
                        perDevice, window, gateway, 0, gwCpu);
                Cpu.Use gwUse = r.cpu();
                System.out.printf("through the gateway%s into Kafka: %,.0f readings/s (messages/s; x %d values per message = %,.0f values/s) (ratio to the broker alone %.2f); %s%n",
                        replicas == 1 ? "" : " (" + replicas + " replicas)", r.rate, RawPublisher.READINGS_PER_MESSAGE,
                        r.rate * RawPublisher.READINGS_PER_MESSAGE, r.rate / raw, gwUse);
                System.out.printf("load average (1, 5, 15 min) now: %s%n", loadAverage());
                System.out.printf("CPU per reading, broker alone / through the gateway: %.2f (the ratio the two rates would have if both had the 2 cores to themselves)%n",
                        rawUse.perReadingMicros() / gwUse.perReadingMicros());
                System.out.printf("MQTT publish -> Kafka record timestamp (the gateway's send): p50 %d ms, p99 %d ms "
                                + "(read from Kafka after the clock stopped: publish -> read only in the paced run); "
                                + "the gateway's send -> Kafka ack: p50 <= %.0f ms, p99 <= %.0f ms (histogram buckets)%n",
                        r.p50Kafka, r.p99Kafka, r.sendP50Ms, r.sendP99Ms);
                System.out.printf("ledger: %s%n", r.report);
                // Latency below saturation: the same fleet paced to half the measured rate.
                double paced = r.rate / 2;
                Result p = throughGateway(mosquitto.serverUri(), kafka.bootstrapServers(), publishers, devicesPerPublisher,
                        Math.max(1, (long) (paced * 10 / (publishers * devicesPerPublisher))), window, gateway, paced / publishers, null);
                System.out.printf("paced at %,.0f readings/s (half the rate above) for 10 s: MQTT publish -> Kafka record timestamp p50 %d ms, p99 %d ms; "
                                + "-> read from Kafka p50 %d ms, p99 %d ms; the gateway's send -> Kafka ack p50 <= %.0f ms, p99 <= %.0f ms; ledger: %s%n",
                        paced, p.p50Kafka, p.p99Kafka, p.p50Read, p.p99Read, p.sendP50Ms, p.sendP99Ms, p.report);
            } finally {
                gateways.forEach(GatewayProcess::close);
            }
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException | RuntimeException e) {
            return String.format("%.2f", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    /**
     * CPU time (user + system) spent by the processes of a measurement: a reading's cost in CPU,
     * which, unlike the rate, does not depend on what else the shared machine runs meanwhile.
     */
    static final class Cpu {
        private final Map<String, ProcessHandle> processes = new java.util.LinkedHashMap<>();
        private final Map<String, Long> startNanos = new HashMap<>();
        private final long startWall = System.nanoTime();

        Cpu add(String name, long pid) {
            ProcessHandle p = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException(name + " (pid " + pid + ") is not running"));
            processes.put(name, p);
            startNanos.put(name, cpuNanos(p));
            return this;
        }

        private static long cpuNanos(ProcessHandle p) {
            return p.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
        }

        /** What each process spent since {@link #add}, for {@code readings} readings. */
        Use since(long readings) {
            Map<String, Long> used = new java.util.LinkedHashMap<>();
            processes.forEach((name, p) -> used.put(name, cpuNanos(p) - startNanos.get(name)));
            return new Use(readings, used, System.nanoTime() - startWall);
        }

        record Use(long readings, Map<String, Long> nanos, long wallNanos) {
            double perReadingMicros() {
                return nanos.values().stream().mapToLong(Long::longValue).sum() / 1e3 / readings;
            }

            @Override
            public String toString() {
                StringBuilder parts = new StringBuilder();
                nanos.forEach((name, n) -> parts.append(parts.length() == 0 ? "" : ", ").append(name).append(' ')
                        .append(String.format("%.1f", n / 1e3 / readings)));
                double cores = nanos.values().stream().mapToLong(Long::longValue).sum() / (double) wallNanos;
                return String.format("CPU per reading (per message) %.1f us (%s), these processes used %.2f of the %d cores meanwhile",
                        perReadingMicros(), parts, cores, Runtime.getRuntime().availableProcessors());
            }
        }
    }

    /** @param cpu what the processes spent until the clock stopped (saturated runs given a {@link Cpu}), else null */
    record Result(double rate, long p50Kafka, long p99Kafka, long p50Read, long p99Read, double sendP50Ms, double sendP99Ms,
                  SequenceLedger.Report report, Cpu.Use cpu) {
    }

    /**
     * Saturated publishers wait for this many free places in their window and then write them at
     * once (0: a quarter of the window); 1 writes each message as soon as a PUBACK frees a place.
     */
    static int burst = 0;

    static List<RawPublisher> fleet(String broker, String prefix, int publishers, int devicesPerPublisher, long perDevice, int window) {
        List<RawPublisher> fleet = new ArrayList<>();
        for (int p = 0; p < publishers; p++) {
            fleet.add(new RawPublisher(broker, prefix + "-pub" + p, FleetPublisher.devices(prefix + "-p" + p, devicesPerPublisher),
                    perDevice, window).burst(burst));
        }
        return fleet;
    }

    /** Starts every publisher; returns their threads. */
    static List<Thread> start(List<RawPublisher> fleet) {
        List<Thread> threads = new ArrayList<>();
        for (RawPublisher f : fleet) {
            Thread t = new Thread(f, "fleet");
            t.start();
            threads.add(t);
        }
        return threads;
    }

    static void join(List<Thread> threads, List<RawPublisher> fleet) throws InterruptedException {
        for (Thread t : threads) {
            t.join();
        }
        for (RawPublisher f : fleet) {
            if (f.failure() != null) {
                throw new IllegalStateException("a publisher failed", f.failure());
            }
        }
    }

    /** Publishers → Mosquitto → a raw-socket QoS 1 subscriber that acknowledges at once. */
    static double rawRate(String broker, int publishers, int devicesPerPublisher, long perDevice, int window) throws Exception {
        String prefix = "raw-" + UUID.randomUUID().toString().substring(0, 6);
        long total = perDevice * publishers * devicesPerPublisher;
        java.util.concurrent.CountDownLatch subscribed = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CompletableFuture<Long> last = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return RawPublisher.subscribeAndCount(broker, "raw-sub-" + prefix,
                        MqttTopics.PREFIX + FleetPublisher.SITE + "/+/telemetry", total, subscribed::countDown);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        subscribed.await(10, TimeUnit.SECONDS);
        List<RawPublisher> fleet = fleet(broker, prefix, publishers, devicesPerPublisher, perDevice, window);
        long start = System.nanoTime();
        join(start(fleet), fleet);
        return total / ((last.get(120, TimeUnit.SECONDS) - start) / 1e9);
    }

    /**
     * Publishers → Mosquitto → the gateway → Kafka. Saturated ({@code perPublisherRate} 0) the
     * clock stops when Kafka's end offsets show every record appended, and the Kafka reader starts
     * only then: the ledger (every (device, seq) present, duplicates counted) is checked after the
     * clock, and the processes' CPU is taken when it stops, so the reader's work (and Kafka's
     * serving it) is not in the measured figures (the broker-alone run's subscriber is that path's
     * own consumer and stays in it). Paced, the reader reads live, for the
     * publish → read latency.
     */
    static Result throughGateway(String broker, String bootstrap, int publishers, int devicesPerPublisher, long perDevice,
                                 int window, GatewayProcess gateway, double perPublisherRate, Cpu cpu) throws Exception {
        String prefix = "gw-" + UUID.randomUUID().toString().substring(0, 6);
        long total = perDevice * publishers * devicesPerPublisher;
        boolean live = perPublisherRate > 0;
        try (TelemetryTail tail = live ? new TelemetryTail(bootstrap, prefix) : TelemetryTail.deferred(bootstrap, prefix)) {
            awaitAssigned(tail);
            List<RawPublisher> fleet = fleet(broker, prefix, publishers, devicesPerPublisher, perDevice, window);
            fleet.forEach(f -> f.paced(perPublisherRate));
            java.util.TreeMap<Double, Long> bucketsBefore = gateway == null ? null : sendLatencyBuckets(gateway);
            long start = System.nanoTime();
            List<Thread> threads = start(fleet);
            long end;
            Cpu.Use used = null;
            if (live) {
                join(threads, fleet);
                awaitCount(() -> tail.ledger().report().distinct(), total, 300);
                end = tail.lastAtNanos();
            } else {
                // Kafka cannot have them all before the broker acknowledged them all to the
                // publishers; from then on every 10 ms (the rate is at most 10 ms of a run of 10 s
                // or more pessimistic). Asking for end offsets all along cost the bench JVM about
                // 10 us per message.
                join(threads, fleet);
                end = awaitCount(tail::produced, total, 300, 10);
                used = cpu == null ? null : cpu.since(total);
                // Duplicates (a redelivery) are in the end offsets too: read up to them.
                long appended = tail.produced();
                tail.readAll();
                awaitCount(() -> tail.ledger().report().distinct(), total, 300);
                awaitCount(tail::records, appended, 60);
            }
            double rate = total / ((end - start) / 1e9);
            java.util.TreeMap<Double, Long> bucketsAfter = gateway == null ? null : sendLatencyBuckets(gateway);
            double p50 = gateway == null ? 0 : quantileMs(bucketsBefore, bucketsAfter, 0.5);
            double p99 = gateway == null ? 0 : quantileMs(bucketsBefore, bucketsAfter, 0.99);
            return new Result(rate, tail.toKafkaPercentile(0.5), tail.toKafkaPercentile(0.99),
                    live ? tail.toReaderPercentile(0.5) : -1, live ? tail.toReaderPercentile(0.99) : -1, p50, p99, tail.ledger().report(), used);
        }
    }

    private static void awaitAssigned(TelemetryTail tail) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!tail.assigned() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    /** The gateway's send → Kafka ack histogram: upper bound (s) → cumulative count. */
    private static java.util.TreeMap<Double, Long> sendLatencyBuckets(GatewayProcess gateway) {
        java.util.TreeMap<Double, Long> buckets = new java.util.TreeMap<>();
        String prefix = "prognos_gateway_kafka_send_latency_seconds_bucket{le=\"";
        gateway.get("/q/metrics").body().lines().filter(l -> l.startsWith(prefix)).forEach(l -> {
            String le = l.substring(prefix.length(), l.indexOf('"', prefix.length()));
            buckets.put(le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le),
                    (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)));
        });
        return buckets;
    }

    /**
     * The {@code q} quantile (ms) of what the histogram recorded between two scrapes, as the upper
     * bound of the bucket it falls in (what Prometheus' histogram_quantile rounds up to).
     */
    private static double quantileMs(java.util.TreeMap<Double, Long> before, java.util.TreeMap<Double, Long> after, double q) {
        if (after.isEmpty()) {
            return Double.NaN;
        }
        long total = after.lastEntry().getValue() - before.getOrDefault(after.lastKey(), 0L);
        for (Map.Entry<Double, Long> e : after.entrySet()) {
            if (e.getValue() - before.getOrDefault(e.getKey(), 0L) >= Math.ceil(q * total)) {
                return e.getKey() * 1000;
            }
        }
        return Double.NaN;
    }

    private static void awaitCount(java.util.function.LongSupplier count, long total, int seconds) {
        awaitCount(count, total, seconds, 5);
    }

    /** @return System.nanoTime() when {@code count} was first seen at {@code total} or more */
    private static long awaitCount(java.util.function.LongSupplier count, long total, int seconds, int everyMs) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long seen;
        while ((seen = count.getAsLong()) < total) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + seen + " of " + total + " after " + seconds + " s");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(everyMs));
        }
        return System.nanoTime();
    }
}
