package dev.prognos.console.support;

import dev.prognos.stack.ChildProcess;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
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

    private final ChildProcess process;

    private StreamJobProcess(ChildProcess process) {
        this.process = process;
    }

    /** Starts the job with {@code args} ({@code ./prognos stream}'s options); its output is appended to {@code log}. */
    public static StreamJobProcess start(List<String> args, Path log) {
        String cp = System.getProperty(CLASSPATH_PROPERTY, "");
        String jar = cp.split(File.pathSeparator)[0];
        if (jar.isEmpty() || !new File(jar).isFile() || !new File(new File(jar).getParentFile(), "lib").isDirectory()) {
            throw new IllegalStateException("the packaged stream processor is missing (" + cp + "): build it first, "
                    + "./mvnw -pl stream-processor package -DskipTests (the full build does it before dashboards)");
        }
        List<String> cmd = new ArrayList<>(List.of(ChildProcess.java(), "-Xmx768m", "-XX:+UseSerialGC", "-cp", cp,
                "dev.prognos.stream.TelemetryAlertJob"));
        cmd.addAll(args);
        return new StreamJobProcess(ChildProcess.builder("the stream job", log, cmd).start());
    }

    /** Throws, with its exit code, its log and its last lines, when the job's JVM has exited. */
    public void assertAlive() {
        process.assertAlive();
    }

    /** SIGTERM; SIGKILL when it has not exited within 30 s. */
    @Override
    public void close() {
        process.stop(Duration.ofSeconds(30));
    }
}
