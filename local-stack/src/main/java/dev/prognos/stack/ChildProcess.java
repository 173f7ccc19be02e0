package dev.prognos.stack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * A program in a child process, as the tests and the local stack run Kafka, Mosquitto, InfluxDB,
 * nginx, the gateway, the console and the stream job. Its output (stdout and stderr) is appended to
 * a log file and its last {@value #TAIL_LINES} lines kept; the {@code await*} methods wait until it
 * is ready (a line of its output, a listening port, an HTTP 200, or any condition) with a deadline,
 * and when it exits or misses the deadline they stop it and throw with its exit code and the tail
 * of its output. {@link #close} stops the whole process tree (SIGTERM, then SIGKILL), and a
 * shutdown hook kills it if the parent JVM exits first, so no process is left behind.
 *
 * <p>Only the JDK is used here: the modules that start children depend on local-stack with every
 * transitive dependency excluded.
 */
public final class ChildProcess implements AutoCloseable {

    /** Lines of output kept for the message of a failure. */
    public static final int TAIL_LINES = 40;
    /** How long {@link #close} waits after SIGTERM before it sends SIGKILL. */
    public static final Duration STOP_GRACE = Duration.ofSeconds(30);
    /** Between two checks of a readiness condition: often enough for a quick start, not a busy loop. */
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Process process;
    private final Path log;
    private final Deque<String> tail = new ArrayDeque<>();
    private final CountDownLatch lineSeen = new CountDownLatch(1);
    private final Thread pump;
    private final Thread reaper;
    private volatile String readyLine;

    private ChildProcess(Builder b) {
        this.name = b.name;
        this.log = b.log;
        ProcessBuilder pb = new ProcessBuilder(b.command).redirectErrorStream(true);
        pb.environment().keySet().removeIf(b.withoutEnv);
        pb.environment().putAll(b.env);
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            this.process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name + ": " + String.join(" ", b.command), e);
        }
        reaper = new Thread(() -> killTree(process.toHandle()), name + "-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
        Predicate<String> readyWhen = b.readyLine;
        pump = new Thread(() -> pump(readyWhen), name + "-output");
        pump.setDaemon(true);
        pump.start();
    }

    /**
     * @param name    what it is, in messages and thread names (e.g. {@code kafka}, {@code gateway-a})
     * @param log     where its output is appended (directories are created)
     * @param command the program and its arguments
     */
    public static Builder builder(String name, Path log, List<String> command) {
        return new Builder(name, log, command);
    }

    /** This JVM's {@code java} binary, for a child JVM of the same version. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** What to start; {@link #start} starts it. */
    public static final class Builder {

        private final String name;
        private final Path log;
        private final List<String> command;
        private final Map<String, String> env = new LinkedHashMap<>();
        private Predicate<String> withoutEnv = k -> false;
        private Predicate<String> readyLine;

        private Builder(String name, Path log, List<String> command) {
            this.name = Objects.requireNonNull(name, "name");
            this.log = Objects.requireNonNull(log, "log");
            if (command.isEmpty()) {
                throw new IllegalArgumentException("no command to start for " + name);
            }
            this.command = List.copyOf(command);
        }

        /** Environment variables set in the child, on top of (and over) this JVM's. */
        public Builder env(Map<String, String> vars) {
            env.putAll(vars);
            return this;
        }

        public Builder env(String name, String value) {
            env.put(name, value);
            return this;
        }

        /** Leaves out the inherited variables whose name matches (e.g. a developer's own PROGNOS_*); {@link #env} still sets. */
        public Builder withoutEnv(Predicate<String> variableName) {
            withoutEnv = withoutEnv.or(variableName);
            return this;
        }

        /** The line of output that says it is ready, for {@link ChildProcess#awaitLine}. */
        public Builder readyLine(Predicate<String> line) {
            readyLine = line;
            return this;
        }

        public ChildProcess start() {
            return new ChildProcess(this);
        }
    }

    private void pump(Predicate<String> readyWhen) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            for (String line; (line = in.readLine()) != null; ) {
                out.write(line);
                out.write('\n');
                if (!in.ready()) {
                    out.flush(); // a burst is written at once; the log is never more than a burst behind
                }
                synchronized (tail) {
                    tail.addLast(line);
                    if (tail.size() > TAIL_LINES) {
                        tail.removeFirst();
                    }
                }
                if (readyLine == null && readyWhen != null && readyWhen.test(line)) {
                    readyLine = line;
                    lineSeen.countDown();
                }
            }
        } catch (IOException e) {
            // The output closed under us (the process is gone); a failure says so with the tail.
        } finally {
            lineSeen.countDown();
        }
    }

    /**
     * Waits for the {@link Builder#readyLine ready line} and returns it.
     *
     * @throws IllegalStateException when it exits first or the timeout passes (it is stopped then), with the tail of its output
     */
    public String awaitLine(Duration timeout) {
        try {
            if (!lineSeen.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw fail("not ready after " + timeout.toSeconds() + " s (no ready line)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw fail("interrupted while waiting for its ready line");
        }
        if (readyLine == null) {
            throw fail("exited before it was ready (no ready line)");
        }
        return readyLine;
    }

    /** Waits until something listens on 127.0.0.1:{@code port}; see {@link #await}. */
    public ChildProcess awaitPort(int port, Duration timeout) {
        return await("listening on 127.0.0.1:" + port, timeout, () -> listening(port));
    }

    /** Waits until a GET of {@code uri} answers 200 (e.g. a Quarkus {@code /q/health/ready}); see {@link #await}. */
    public ChildProcess awaitHttpOk(URI uri, Duration timeout) {
        return await("GET " + uri + " answering 200", timeout, () -> httpStatus(uri) == 200);
    }

    /**
     * Waits until {@code ready} holds, checking every 50 ms.
     *
     * @param what what is awaited, for the message
     * @throws IllegalStateException when it exits first or the timeout passes (it is stopped then), with its exit code and the tail of its output
     */
    public ChildProcess await(String what, Duration timeout, BooleanSupplier ready) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw fail("exited before it was ready (awaited: " + what + ")");
            }
            if (ready.getAsBoolean()) {
                return this;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw fail("not ready after " + timeout.toSeconds() + " s (awaited: " + what + ")");
            }
            LockSupport.parkNanos(POLL_NANOS);
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw fail("interrupted while awaiting: " + what);
            }
        }
    }

    /** Throws, with the exit code and the tail of the output, when the process has exited. */
    public void assertAlive() {
        if (!process.isAlive()) {
            throw fail("exited");
        }
    }

    /** Stops it and builds the exception: what happened, the exit code, the log file and the last lines. */
    private IllegalStateException fail(String what) {
        if (process.isAlive()) {
            kill(); // a child that missed its deadline is of no use, and would outlive the test
        }
        try {
            pump.join(2000); // the last lines a dying child wrote
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new IllegalStateException(name + " " + what + " (exit code " + exitCode() + "); log " + log
                + ", last lines:\n" + tail());
    }

    /** The exit code, or -1 while it runs. */
    public int exitCode() {
        return process.isAlive() ? -1 : process.exitValue();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** Where its output is appended. */
    public Path log() {
        return log;
    }

    /** The last {@value #TAIL_LINES} lines of its output, oldest first. */
    public String tail() {
        synchronized (tail) {
            return String.join("\n", tail);
        }
    }

    /**
     * SIGTERM to the process and every process it started, SIGKILL to what still runs after
     * {@code grace}; waits until the process has exited.
     *
     * @return the exit code (143 after SIGTERM for a JVM that has no other, 137 after SIGKILL)
     */
    public int stop(Duration grace) {
        List<ProcessHandle> tree = tree(process.toHandle()); // before it exits: its children are then out of reach
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        try {
            for (ProcessHandle p : tree) {
                long left = deadline - System.nanoTime();
                if (left > 0) {
                    p.onExit().get(left, TimeUnit.NANOSECONDS);
                }
            }
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException stillRunning) {
            // What has not stopped by now is killed below.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        killAll(tree);
        unhook();
        return exitCode();
    }

    /** SIGKILL to the process and every process it started, at once: no shutdown hook, no drain (a crash). */
    public void kill() {
        killTree(process.toHandle());
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        unhook();
    }

    /** {@link #stop} with {@link #STOP_GRACE}, when it still runs. */
    @Override
    public void close() {
        if (process.isAlive() || process.descendants().anyMatch(ProcessHandle::isAlive)) {
            stop(STOP_GRACE);
        }
        unhook();
    }

    private static void killTree(ProcessHandle root) {
        killAll(tree(root));
    }

    private static void killAll(List<ProcessHandle> tree) {
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle p : tree) {
            try {
                p.onExit().get(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                // SIGKILL cannot be refused; a process stuck in the kernel is beyond reach anyway.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The process and its descendants, children before grandchildren. */
    private static List<ProcessHandle> tree(ProcessHandle root) {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(root);
        root.descendants().forEach(all::add);
        return all;
    }

    private void unhook() {
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or will run; it only kills what is already gone.
        }
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    private static int httpStatus(URI uri) {
        try {
            return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException notListeningYet) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }
}
