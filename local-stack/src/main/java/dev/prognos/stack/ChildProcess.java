package dev.prognos.stack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A broker in a child process: its output goes to a log file, {@link #awaitLine} waits for the
 * line that says it is ready, and {@link #close} stops it (TERM, then KILL) so no process is
 * left behind, also when the parent JVM exits without closing it.
 */
final class ChildProcess implements AutoCloseable {

    private static final int TAIL_LINES = 40;

    private final String name;
    private final Process process;
    private final Path logFile;
    private final Deque<String> tail = new ArrayDeque<>();
    private final CountDownLatch ready = new CountDownLatch(1);
    private final Thread reaper;
    private volatile String readyLine;

    ChildProcess(String name, List<String> command, Path logFile, Predicate<String> readyWhen) {
        this.name = name;
        this.logFile = logFile;
        try {
            Files.createDirectories(logFile.getParent());
            this.process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name + ": " + String.join(" ", command), e);
        }
        reaper = new Thread(() -> process.destroyForcibly(), name + "-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
        Thread pump = new Thread(() -> pump(readyWhen), name + "-output");
        pump.setDaemon(true);
        pump.start();
    }

    private void pump(Predicate<String> readyWhen) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             Writer log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8)) {
            for (String line; (line = in.readLine()) != null; ) {
                log.write(line);
                log.write('\n');
                log.flush();
                synchronized (tail) {
                    tail.addLast(line);
                    if (tail.size() > TAIL_LINES) {
                        tail.removeFirst();
                    }
                }
                if (readyLine == null && readyWhen.test(line)) {
                    readyLine = line;
                    ready.countDown();
                }
            }
        } catch (IOException e) {
            // The process is gone; awaitLine reports it with the tail of its output.
        } finally {
            ready.countDown();
        }
    }

    /** Waits for the ready line and returns it; throws with the output's tail when the child died or took too long. */
    String awaitLine(Duration timeout) {
        try {
            if (!ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                close();
                throw new IllegalStateException(name + " not ready after " + timeout.toSeconds() + " s; log " + logFile + ":\n" + tail());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("interrupted while waiting for " + name, e);
        }
        if (readyLine == null) {
            throw new IllegalStateException(name + " exited before it was ready (exit code " + exitCode() + "); log "
                    + logFile + ":\n" + tail());
        }
        return readyLine;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    private String exitCode() {
        try {
            return process.waitFor(2, TimeUnit.SECONDS) ? String.valueOf(process.exitValue()) : "still running";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private String tail() {
        synchronized (tail) {
            return String.join("\n", tail);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or will run; it only kills what is already dead.
        }
    }
}
