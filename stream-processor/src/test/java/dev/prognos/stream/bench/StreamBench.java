package dev.prognos.stream.bench;

import dev.prognos.core.Topics;
import dev.prognos.core.alert.Alert;
import dev.prognos.core.alert.AlertAck;
import dev.prognos.core.alert.AlertJson;
import dev.prognos.core.telemetry.Telemetry;
import dev.prognos.core.telemetry.TelemetryAvro;
import dev.prognos.stack.LocalKafka;
import dev.prognos.stream.DeadLetter;
import dev.prognos.stream.FlinkTypes;
import dev.prognos.stream.KafkaConnectors;
import dev.prognos.stream.ModelMessage;
import dev.prognos.stream.StreamJobOptions;
import dev.prognos.stream.TelemetryAlertJob;
import dev.prognos.stream.internal.AckDeserializer;
import dev.prognos.stream.internal.ModelDeserializer;
import dev.prognos.stream.internal.TelemetryDeserializer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.types.Either;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Load harness of the stream job, printing figures (not a test). One real single-node Kafka
 * (child JVM), the job in a local MiniCluster in this JVM, parallelism 2.
 *
 * <ol>
 *   <li>Latency: the production job (unbounded Kafka sources, exactly-once sinks) while a producer
 *       writes {@code --rate} readings/s with event time = wall time; every device's vibration
 *       alternates between zone A and zone D, so alerts open and resolve all the time (hold time 0).
 *       Latency of an OPEN alert: from the event time of the newest reading of the window that
 *       raised it to the moment a read_committed consumer in this JVM reads it.</li>
 *   <li>Throughput: {@code --readings} more readings written to the topic first; then a pass-through
 *       job (Kafka source, the same Avro decoding, a discarding sink) and the whole job (bounded
 *       Kafka sources, production sinks) each read the whole topic; wall time from submission to
 *       the end of the job (a final checkpoint commits the Kafka transactions).</li>
 * </ol>
 * Arguments: {@code --readings N} (1,000,000), {@code --devices N} (1,000), {@code --rate R}
 * (10,000), {@code --latency-seconds S} (30), {@code --window-ms}, {@code --out-of-orderness-ms},
 * {@code --checkpoint-interval-ms} of the latency run (1000, 500, 1000).
 */
public final class StreamBench {

    private static final int PARALLELISM = 2;

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i], args[i + 1]);
        }
        long readings = Long.parseLong(a.getOrDefault("--readings", "1000000"));
        int devices = Integer.parseInt(a.getOrDefault("--devices", "1000"));
        int rate = Integer.parseInt(a.getOrDefault("--rate", "10000"));
        int latencySeconds = Integer.parseInt(a.getOrDefault("--latency-seconds", "30"));
        long windowMs = Long.parseLong(a.getOrDefault("--window-ms", "1000"));
        long outOfOrderMs = Long.parseLong(a.getOrDefault("--out-of-orderness-ms", "500"));
        long checkpointMs = Long.parseLong(a.getOrDefault("--checkpoint-interval-ms", "1000"));

        Path dir = Files.createTempDirectory("stream-bench");
        System.out.printf(Locale.ROOT, "stream bench: %d readings, %d devices, latency at %d readings/s for %d s "
                        + "(window %d ms, out-of-orderness %d ms, checkpoints every %d ms), parallelism %d, %d cores%n",
                readings, devices, rate, latencySeconds, windowMs, outOfOrderMs, checkpointMs, PARALLELISM,
                Runtime.getRuntime().availableProcessors());
        try (LocalKafka kafka = LocalKafka.start(dir.resolve("kafka"))) {
            // Checkpoints to files: the deduplicator's state outgrows the JobManager's 5 MB memory storage.
            String checkpoints = dir.resolve("checkpoints").toUri().toString();
            if (rate > 0) {
                latency(kafka, devices, rate, latencySeconds, windowMs, outOfOrderMs, checkpointMs, checkpoints);
            }
            if (readings > 0) {
                throughput(kafka, readings, devices, checkpoints);
            }
        }
    }

    private static void latency(LocalKafka kafka, int devices, int rate, int seconds, long windowMs, long outOfOrderMs,
                                long checkpointMs, String checkpoints) throws Exception {
        StreamJobOptions options = StreamJobOptions.builder().kafka(kafka.bootstrapServers()).groupId("bench-latency")
                .checkpointDir(checkpoints)
                .windowMs(windowMs).outOfOrdernessMs(outOfOrderMs).checkpointIntervalMs(checkpointMs).holdMs(0)
                .idleTimeoutMs(5_000).build();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(PARALLELISM);
        JobClient job = TelemetryAlertJob.withKafka(options).start(env);
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        // {event time of the alert, latency} of each, for the latency over the run (a job behind at its start?).
        List<long[]> timeline = Collections.synchronizedList(new ArrayList<>());
        long runStartMs = System.currentTimeMillis();
        long[] sent = new long[1];
        Thread reader = new Thread(() -> readAlerts(kafka, latencies, timeline), "alert-reader");
        reader.setDaemon(true);
        reader.start();
        try (KafkaProducer<byte[], byte[]> producer = producer(kafka)) {
            long start = System.nanoTime();
            long[] seq = new long[devices];
            long total = (long) rate * seconds;
            for (long i = 0; i < total; i++) {
                long due = start + i * 1_000_000_000L / rate;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                int d = (int) (i % devices);
                long now = System.currentTimeMillis();
                // Zone D (9 mm/s) in every other pair of windows, zone A (2 mm/s) in between.
                double v = (now / windowMs / 2) % 2 == 0 ? 2.0 : 9.0;
                send(producer, Telemetry.of(String.format(Locale.ROOT, "lat-%05d", d), "bench", "centrifugal-pump",
                        ++seq[d], now, Map.of("vib_rms_mm_s", v, "bearing_temp_c", 50.0)));
                sent[0]++;
            }
            producer.flush();
            double actual = sent[0] / ((System.nanoTime() - start) / 1e9);
            // Let the last windows close and commit.
            TimeUnit.MILLISECONDS.sleep(windowMs + outOfOrderMs + 3 * checkpointMs);
            List<Long> l;
            synchronized (latencies) {
                l = new ArrayList<>(latencies);
            }
            Collections.sort(l);
            System.out.printf(Locale.ROOT, "latency (load average %.1f): %d readings sent at %.0f readings/s; %d OPEN alerts; event time of the "
                            + "window's newest reading -> read_committed consumer: p50 %d ms, p90 %d ms, p99 %d ms, max %d ms%n",
                    loadAverage(), sent[0], actual, l.size(), pct(l, 0.50), pct(l, 0.90), pct(l, 0.99), l.isEmpty() ? -1 : l.get(l.size() - 1));
            // The same by when the alert's window was (5 s slices of the run): a job behind at its start
            // shows high latencies in the first slices only.
            StringBuilder slices = new StringBuilder();
            synchronized (timeline) {
                for (long from = 0; from < seconds * 1000L + 5_000; from += 5_000) {
                    List<Long> in = new ArrayList<>();
                    for (long[] e : timeline) {
                        if (e[0] - runStartMs >= from && e[0] - runStartMs < from + 5_000) {
                            in.add(e[1]);
                        }
                    }
                    Collections.sort(in);
                    if (!in.isEmpty()) {
                        slices.append(String.format(Locale.ROOT, " %d-%d s: %d alerts p50 %d p99 %d;", from / 1000, from / 1000 + 5,
                                in.size(), pct(in, 0.50), pct(in, 0.99)));
                    }
                }
            }
            System.out.println("latency over the run (ms, by the alert's event time since the job was submitted):" + slices);
        } finally {
            job.cancel().get(60, TimeUnit.SECONDS);
        }
    }

    private static void readAlerts(LocalKafka kafka, List<Long> latencies, List<long[]> timeline) {
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "bench-alert-reader",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(Topics.ALERTS));
            while (!Thread.currentThread().isInterrupted()) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(100))) {
                    long now = System.currentTimeMillis();
                    Alert alert = AlertJson.decode(r.value());
                    if (alert.state() == Alert.State.OPEN && alert.device().startsWith("lat-")) {
                        latencies.add(now - alert.ts());
                        timeline.add(new long[] {alert.ts(), now - alert.ts()});
                    }
                }
            }
        }
    }

    private static void throughput(LocalKafka kafka, long readings, int devices, String checkpoints) throws Exception {
        // After every latency reading (none is late), yet well within the broker's
        // log.message.timestamp.after.max.ms (1 h by default since Kafka 4.0): the health and alert records
        // carry these event times, and a fast run used to write them more than 1 h ahead and be refused.
        long base = System.currentTimeMillis() + 60_000L;
        long[] seq = new long[devices];
        long t0 = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = producer(kafka)) {
            for (long i = 0; i < readings; i++) {
                int d = (int) (i % devices);
                long step = i / devices;  // one reading per device every 100 ms of event time
                double v = 2.0 + (step % 100) * 0.07;
                send(producer, Telemetry.of(String.format(Locale.ROOT, "tp-%05d", d), "bench", "centrifugal-pump",
                        ++seq[d], base + step * 100, Map.of("vib_rms_mm_s", v, "bearing_temp_c", 50.0 + v,
                                "motor_current_a", 3.2)));
            }
            producer.flush();
        }
        System.out.printf(Locale.ROOT, "wrote %d readings in %.1f s%n", readings, (System.nanoTime() - t0) / 1e9);

        StreamJobOptions options = StreamJobOptions.builder().kafka(kafka.bootstrapServers()).groupId("bench-tp")
                .checkpointDir(checkpoints).build();
        // Pass-through: the same source and decoding, nothing else.
        StreamExecutionEnvironment pass = env();
        pass.fromSource(bounded(options, Topics.TELEMETRY, "bench-pass", new TelemetryDeserializer()),
                        WatermarkStrategy.noWatermarks(), "telemetry", FlinkTypes.INCOMING)
                .sinkTo(new DiscardingSink<>());
        double load0 = loadAverage();
        long p0 = System.nanoTime();
        long pCpu0 = processCpuNanos();
        long[] pVm0 = vmMillis();
        TaskCpu passTasks = TaskCpu.start();
        pass.execute("pass-through");
        Map<String, Long> passByTask = passTasks.stop();
        double passS = (System.nanoTime() - p0) / 1e9;
        long passCpu = processCpuNanos() - pCpu0;
        long[] pVm = vmMillis();

        StreamExecutionEnvironment whole = env();
        TelemetryAlertJob.Connectors io = new TelemetryAlertJob.Connectors(
                bounded(options, Topics.TELEMETRY, "bench-whole", new TelemetryDeserializer()),
                bounded(options, Topics.ALERT_ACKS, "bench-whole-acks", new AckDeserializer()),
                bounded(options, Topics.MODELS, "bench-whole-models", new ModelDeserializer()),
                KafkaConnectors.alertSink(options), KafkaConnectors.healthSink(options), KafkaConnectors.deadLetterSink(options));
        long w0 = System.nanoTime();
        long wCpu0 = processCpuNanos();
        long[] wVm0 = vmMillis();
        TaskCpu wholeTasks = TaskCpu.start();
        new TelemetryAlertJob(io, options).execute(whole);
        Map<String, Long> wholeByTask = wholeTasks.stop();
        double wholeS = (System.nanoTime() - w0) / 1e9;
        long wholeCpu = processCpuNanos() - wCpu0;
        long[] wVm = vmMillis();

        long total = endOffsets(kafka);
        System.out.printf(Locale.ROOT, "throughput: %d readings on the topic; pass-through %.1f s = %.0f readings/s; "
                        + "whole job %.1f s = %.0f readings/s; ratio %.2f%n", total, passS, total / passS, wholeS,
                total / wholeS, passS / wholeS);
        // CPU time of this JVM (the job's threads, GC, JIT; not the Kafka broker's child JVM) per reading:
        // the machine's load does not inflate it the way it stretches the wall clock.
        double passUs = passCpu / 1e3 / total;
        double wholeUs = wholeCpu / 1e3 / total;
        System.out.printf(Locale.ROOT, "cpu: pass-through %.1f us/reading, whole job %.1f us/reading (ratio %.2f; "
                        + "%.0f readings/s per core for the whole job); load average %.1f before, %.1f after%n",
                passUs, wholeUs, passUs / wholeUs, 1e6 / wholeUs, load0, loadAverage());
        // The jobs' task threads alone (no GC, JIT, Kafka clients, this JVM's other threads): what
        // the job's own code costs, the figure a loaded machine inflates least.
        long passTaskNs = passByTask.values().stream().mapToLong(Long::longValue).sum();
        long wholeTaskNs = wholeByTask.values().stream().mapToLong(Long::longValue).sum();
        System.out.printf(Locale.ROOT, "task cpu: pass-through %.2f us/reading, whole job %.2f us/reading (ratio %.2f)%n",
                passTaskNs / 1e3 / total, wholeTaskNs / 1e3 / total, (double) passTaskNs / wholeTaskNs);
        passByTask.forEach((task, ns) -> System.out.printf(Locale.ROOT, "  pass-through task %s: %.2f us/reading%n",
                task, ns / 1e3 / total));
        wholeByTask.forEach((task, ns) -> System.out.printf(Locale.ROOT, "  whole job task %s: %.2f us/reading%n",
                task, ns / 1e3 / total));
        // Where the rest of the process CPU goes: every Java thread by role, and what no Java thread
        // accounts for (the JVM's own threads: garbage collection, JIT compilation).
        // A bounded job ends only after a checkpoint that follows the end of its input (its Kafka
        // transactions commit there): with checkpoints every 5 s the whole job can sit idle for up to
        // that long at its end, time the wall-clock rate above counts.
        System.out.printf(Locale.ROOT, "idle at the end (task threads below 10 %% of a core until the job ended): "
                        + "pass-through %.1f s, whole job %.1f s; whole job without its idle end %.0f readings/s%n",
                passTasks.idleAtEndSeconds(), wholeTasks.idleAtEndSeconds(),
                total / (wholeS - wholeTasks.idleAtEndSeconds()));
        System.out.printf(Locale.ROOT, "process cpu by thread role, us/reading (pass-through / whole job):%n");
        Map<String, Long> passRoles = passTasks.byRole();
        Map<String, Long> wholeRoles = wholeTasks.byRole();
        java.util.Set<String> roles = new java.util.TreeSet<>(passRoles.keySet());
        roles.addAll(wholeRoles.keySet());
        for (String role : roles) {
            System.out.printf(Locale.ROOT, "  %s: %.2f / %.2f%n", role, passRoles.getOrDefault(role, 0L) / 1e3 / total,
                    wholeRoles.getOrDefault(role, 0L) / 1e3 / total);
        }
        long passJava = passRoles.values().stream().mapToLong(Long::longValue).sum();
        long wholeJava = wholeRoles.values().stream().mapToLong(Long::longValue).sum();
        System.out.printf(Locale.ROOT, "  not in a Java thread (GC, JIT, VM): %.2f / %.2f%n",
                (passCpu - passJava) / 1e3 / total, (wholeCpu - wholeJava) / 1e3 / total);
        System.out.printf(Locale.ROOT, "  of which: GC pauses %d / %d ms, collections %d / %d; JIT compilation %d / %d ms (wall)%n",
                pVm[0] - pVm0[0], wVm[0] - wVm0[0], pVm[1] - pVm0[1], wVm[1] - wVm0[1], pVm[2] - pVm0[2], wVm[2] - wVm0[2]);
        System.out.printf(Locale.ROOT, "  busiest other Java threads of the whole job: %s%n", wholeTasks.busiestOthers(total, 6));
    }

    /** A thread's role from its name: task threads, the sources' fetchers, the sinks' Kafka producers, the rest. */
    static String role(String thread) {
        if (thread.startsWith("Source Data Fetcher")) {
            return "Kafka source fetchers";
        }
        if (thread.startsWith("kafka-producer-network-thread")) {
            return "Kafka producers' network threads";
        }
        if (thread.matches(".* \\(\\d+/\\d+\\)#\\d+")) {
            return "task threads";
        }
        return "other Java threads (Flink runtime, bench)";
    }

    /**
     * CPU time of a job's task threads (their names are the operator chains', with the subtask),
     * summed per chain. Sampled every 50 ms while the job runs, because a task's thread ends with
     * the job and its CPU time with it; the last 50 ms of a thread may be missed.
     */
    private static final class TaskCpu {
        private final java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        private final Map<Long, String> names = new java.util.concurrent.ConcurrentHashMap<>();
        private final Map<Long, Long> cpu = new java.util.concurrent.ConcurrentHashMap<>();
        private final Map<Long, Long> atStart = new java.util.HashMap<>();
        private final Map<Long, String> allNames = new java.util.concurrent.ConcurrentHashMap<>();
        private final Map<Long, Long> allCpu = new java.util.concurrent.ConcurrentHashMap<>();
        private volatile boolean running = true;
        private long lastTaskNs;
        private long lastSampleNanos = System.nanoTime();
        private long lastBusyNanos = System.nanoTime();
        private long stoppedNanos;
        private Thread sampler;

        static TaskCpu start() {
            TaskCpu t = new TaskCpu();
            for (long id : t.threads.getAllThreadIds()) {
                t.atStart.put(id, Math.max(0, t.threads.getThreadCpuTime(id)));
            }
            t.sampler = new Thread(t::run, "task-cpu-sampler");
            t.sampler.setDaemon(true);
            t.sampler.start();
            return t;
        }

        private void run() {
            while (running) {
                sample();
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private void sample() {
            long taskNs = 0;
            for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (info == null) {
                    continue;
                }
                String name = info.getThreadName();
                long ns = threads.getThreadCpuTime(info.getThreadId());
                if (ns <= 0) {
                    continue;
                }
                long used = ns - atStart.getOrDefault(info.getThreadId(), 0L);
                allNames.put(info.getThreadId(), name);
                allCpu.put(info.getThreadId(), used);
                if (role(name).equals("task threads")) {
                    taskNs += ns;
                }
                // Task threads: "<chain> (1/2)#0"; not the sources' fetchers or the sinks' Kafka clients.
                if (role(name).equals("task threads")) {
                    names.put(info.getThreadId(), name.replaceAll(" \\(\\d+/\\d+\\)#\\d+$", ""));
                    cpu.put(info.getThreadId(), used);
                }
            }
            // Busy: the task threads used more than 10 % of a core since the last sample.
            long now = System.nanoTime();
            if (taskNs - lastTaskNs > (now - lastSampleNanos) / 10) {
                lastBusyNanos = now;
            }
            lastTaskNs = taskNs;
            lastSampleNanos = now;
        }

        /** Seconds from the last sample in which the task threads were busy to the end of the job ({@link #stop}). */
        double idleAtEndSeconds() {
            return (stoppedNanos - lastBusyNanos) / 1e9;
        }

        /** The threads of role "other" that used the most CPU, us/reading, by name with numbers dropped. */
        String busiestOthers(long readings, int n) {
            Map<String, Long> byName = new java.util.HashMap<>();
            allCpu.forEach((id, ns) -> {
                String name = allNames.get(id);
                if (role(name).startsWith("other")) {
                    byName.merge(name.replaceAll("\\d+", "#"), ns, Long::sum);
                }
            });
            return byName.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(n)
                    .map(e -> String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue() / 1e3 / readings))
                    .collect(java.util.stream.Collectors.joining(", "));
        }

        /** CPU time of every Java thread while the job ran, by {@link #role}; after {@link #stop}. */
        Map<String, Long> byRole() {
            Map<String, Long> byRole = new java.util.TreeMap<>();
            allCpu.forEach((id, ns) -> byRole.merge(role(allNames.get(id)), ns, Long::sum));
            return byRole;
        }

        Map<String, Long> stop() throws InterruptedException {
            stoppedNanos = System.nanoTime();
            running = false;
            sampler.join();
            sample();
            Map<String, Long> byTask = new java.util.TreeMap<>();
            cpu.forEach((id, ns) -> byTask.merge(names.get(id), ns, Long::sum));
            return byTask;
        }
    }

    /** {garbage collection time ms, collections, JIT compilation time ms} of this JVM so far. */
    private static long[] vmMillis() {
        long gcMs = 0;
        long gcs = 0;
        for (var gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            gcMs += Math.max(0, gc.getCollectionTime());
            gcs += Math.max(0, gc.getCollectionCount());
        }
        return new long[] {gcMs, gcs, java.lang.management.ManagementFactory.getCompilationMXBean().getTotalCompilationTime()};
    }

    /** CPU time of this JVM's threads, ns. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static StreamExecutionEnvironment env() {
        Configuration config = new Configuration();
        config.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(PARALLELISM, config);
        return env;
    }

    private static <T> KafkaSource<T> bounded(StreamJobOptions options, String topic, String group,
                                              KafkaRecordDeserializationSchema<T> deserializer) {
        return KafkaSource.<T>builder().setBootstrapServers(options.kafka()).setTopics(topic).setGroupId(group)
                .setStartingOffsets(OffsetsInitializer.earliest()).setBounded(OffsetsInitializer.latest())
                .setDeserializer(deserializer).setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed").build();
    }

    private static long endOffsets(LocalKafka kafka) {
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            var parts = c.partitionsFor(Topics.TELEMETRY).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(p.topic(), p.partition())).toList();
            return c.endOffsets(parts).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private static long pct(List<Long> sorted, double q) {
        return sorted.isEmpty() ? -1 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, Telemetry t) {
        producer.send(new ProducerRecord<>(Topics.TELEMETRY, t.device().getBytes(StandardCharsets.UTF_8), TelemetryAvro.encode(t)));
    }

    private static KafkaProducer<byte[], byte[]> producer(LocalKafka kafka) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 262_144,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    private StreamBench() {
    }
}
