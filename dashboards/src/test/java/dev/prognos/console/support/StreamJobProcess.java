package dev.prognos.console.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The stream processor's Flink job ({@code TelemetryAlertJob}: its Kafka source, its exactly-once
 * Kafka sinks, a local MiniCluster) in a child JVM, started from the packaged jar and its
 * {@code target/lib} exactly as {@code ./prognos stream} starts it. Its classpath (Flink, Jackson
 * 2.18, log4j) stays out of this JVM. Stopped with SIGTERM.
 */
public final class StreamJobProcess implements AutoCloseable {

    /** The failsafe property naming the job's classpath (the pom sets it). */
    public static final String CLASSPATH_PROPERTY = "prognos.stream.classpath";

    private final Process process;
    private final Path log;

    private StreamJobProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts the job with {@code args} ({@code ./prognos stream}'s options); its output goes to {@code log}. */
    public static StreamJobProcess start(List<String> args, Path log) {
        String cp = System.getProperty(CLASSPATH_PROPERTY, "");
        String jar = cp.split(File.pathSeparator)[0];
        if (jar.isEmpty() || !new File(jar).isFile() || !new File(new File(jar).getParentFile(), "lib").isDirectory()) {
            throw new IllegalStateException("the packaged stream processor is missing (" + cp + "): build it first, "
                    + "./mvnw -pl stream-processor package -DskipTests (the full build does it before dashboards)");
        }
        List<String> cmd = new ArrayList<>(List.of(ConsoleProcess.java(), "-Xmx768m", "-XX:+UseSerialGC", "-cp", cp,
                "dev.prognos.stream.TelemetryAlertJob"));
        cmd.addAll(args);
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            return new StreamJobProcess(p, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Throws, naming the log, when the job's JVM has exited. */
    public void assertAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException("the stream job exited with " + process.exitValue() + "; see " + log);
        }
    }

    @Override
    public void close() {
        ConsoleProcess.terminate(process);
    }
}
