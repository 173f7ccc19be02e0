package dev.prognos.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prognos.core.model.ModelKeys;
import dev.prognos.core.model.ModelVerifier;
import dev.prognos.stack.ChildProcess;
import dev.prognos.stack.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster path of issue 6: the packaged {@code -spark} application jar submitted with
 * {@code spark-submit} to a real Spark standalone cluster (a master and a worker, each its own JVM,
 * executors started by the worker), Spark provided by the cluster. The distribution is Spark 4.1's
 * own jars from Maven Central (the build lists them in {@code target/spark-distribution.classpath});
 * the JVMs run what Spark's {@code bin/} scripts would run: {@code spark-class} is only a launcher
 * for these main classes with Spark's module flags.
 *
 * <p>Kept short for CI, as {@link TrainCliTest}: 20 training units, 2 folds, one small forest.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SparkSubmitIT {

    /** Training on a busy 2-core machine took 6 min with this grid; the deadline leaves room. */
    private static final Duration SUBMIT_DEADLINE = Duration.ofMinutes(15);
    private static final Duration START_DEADLINE = Duration.ofMinutes(3);
    private static final String APP_NAME = "prognos-train";

    @TempDir
    static Path tmp;

    private Path sparkHome;
    private List<String> jvmFlags;
    private ChildProcess master;
    private ChildProcess worker;
    private int masterUiPort;
    private String masterUrl;

    @BeforeAll
    void startCluster() throws IOException {
        Path target = Path.of("target");
        sparkHome = tmp.resolve("spark");
        Path jars = Files.createDirectories(sparkHome.resolve("jars"));
        Set<Path> distribution = new TreeSet<>();
        for (String name : List.of("spark-distribution.classpath", "spark-distribution-runtime.classpath")) {
            Path listing = target.resolve(name);
            assertThat(listing).as("the build lists Spark's jars at package time: ./mvnw -pl model-trainer package").exists();
            Arrays.stream(Files.readString(listing).trim().split(java.io.File.pathSeparator)).map(Path::of).forEach(distribution::add);
        }
        for (Path from : distribution) {
            Files.createSymbolicLink(jars.resolve(from.getFileName()), from.toAbsolutePath());
        }
        jvmFlags = Arrays.stream(System.getProperty("prognos.spark.jvm.options", "").trim().split("\\s+"))
                .filter(s -> !s.isEmpty()).toList();

        int masterPort = FreePorts.find();
        masterUiPort = FreePorts.find();
        masterUrl = "spark://127.0.0.1:" + masterPort;
        master = spark("master", "org.apache.spark.deploy.master.Master", List.of("--host", "127.0.0.1",
                "--port", String.valueOf(masterPort), "--webui-port", String.valueOf(masterUiPort)),
                line -> line.contains("New state: ALIVE"));
        master.awaitLine(START_DEADLINE);
        worker = spark("worker", "org.apache.spark.deploy.worker.Worker", List.of("--host", "127.0.0.1",
                "--cores", "2", "--memory", "1536m", "--webui-port", String.valueOf(FreePorts.find()),
                "--work-dir", tmp.resolve("work").toString(), masterUrl),
                line -> line.contains("Successfully registered with master"));
        worker.awaitLine(START_DEADLINE);
    }

    @AfterAll
    void stopCluster() {
        for (ChildProcess p : new ChildProcess[] {worker, master}) {
            if (p != null) {
                p.close();
            }
        }
    }

    @Test
    void shouldTrainOnAStandaloneClusterWithTheApplicationJarAndSparkProvided() throws Exception {
        Path appJar;
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            appJar = files.filter(f -> f.getFileName().toString().matches("model-trainer-.*-spark\\.jar")).findFirst()
                    .orElseThrow(() -> new AssertionError("no target/model-trainer-*-spark.jar: package the module first"));
        }
        Path keys = tmp.resolve("keys");
        assertThat(KeysCli.run(new String[] {"init", "--dir", keys.toString()}, System.out, System.err)).isZero();
        Path registry = tmp.resolve("models");
        Path predictions = tmp.resolve("predictions.csv");

        List<String> args = new ArrayList<>(List.of("--master", masterUrl, "--deploy-mode", "client",
                "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.executor.memory=1g",
                "--class", TrainCli.class.getName(), appJar.toAbsolutePath().toString(),
                "--cmapss", CmapssReaderTest.cmapssDirectory().toString(), "--subset", "FD001", "--units", "20",
                "--folds", "2", "--grid", "rf:depth=4,trees=8,leaf=5", "--windows", "5,30",
                "--classifier", "rf:depth=4,trees=8,leaf=5",
                "--keys", keys.toString(), "--registry", registry.toString(), "--predictions", predictions.toString()));
        ChildProcess submit = spark("spark-submit", "org.apache.spark.deploy.SparkSubmit", args, line -> false);
        try {
            Awaitility.await().atMost(SUBMIT_DEADLINE).pollInterval(Duration.ofSeconds(1)).until(() -> !submit.isAlive());
        } finally {
            submit.close();
        }
        String log = Files.readString(submit.log());
        assertThat(submit.exitCode()).as("spark-submit, log %s:%n%s", submit.log(), submit.tail()).isZero();
        assertThat(log).containsPattern("(?m)^RMSE \\d+\\.\\d{4}$").containsPattern("(?m)^PHM08 \\d+\\.\\d{4}$");
        // The work ran on the cluster: the worker's executors, not a local master in the driver.
        assertThat(log).contains("Granted executor ID").contains("Connected to Spark cluster");
        assertThat(Files.readAllLines(predictions)).hasSize(1 + 100);

        JsonNode state = new ObjectMapper().readTree(HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + masterUiPort + "/json/")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        List<JsonNode> finished = new ArrayList<>();
        state.path("completedapps").forEach(finished::add);
        assertThat(finished).singleElement().satisfies(app -> {
            assertThat(app.path("name").asText()).isEqualTo(APP_NAME);
            assertThat(app.path("state").asText()).isEqualTo("FINISHED");
        });

        Path artifact;
        try (Stream<Path> versions = Files.list(registry.resolve("turbofan"))) {
            artifact = versions.findFirst().orElseThrow().resolve("model.json");
        }
        ModelVerifier.Verdict v = ModelVerifier.trusting(ModelKeys.readPublic(keys.resolve(ModelKeys.PUBLIC_FILE)), "turbofan", null)
                .verify(Files.readAllBytes(artifact), Long.MIN_VALUE);
        assertThat(v.accepted()).as(v.reason()).isTrue();
        assertThat(v.artifact().metrics().get("runtime_max_abs_diff_vs_spark")).isLessThanOrEqualTo(1e-9);
    }

    /** A JVM on the distribution's jars, as Spark's {@code bin/spark-class} starts it. */
    private ChildProcess spark(String name, String mainClass, List<String> args, java.util.function.Predicate<String> ready) {
        List<String> command = new ArrayList<>();
        command.add(ChildProcess.java());
        command.addAll(jvmFlags);
        command.addAll(List.of("-Xmx1g", "-cp", sparkHome.resolve("jars") + "/*", mainClass));
        command.addAll(args);
        return ChildProcess.builder(name, tmp.resolve(name + ".log"), command)
                // The worker builds its executors' classpath from SPARK_HOME/jars; without a
                // SPARK_SCALA_VERSION Spark's launcher looks for a source build's directories.
                .env(Map.of("SPARK_HOME", sparkHome.toString(), "SPARK_SCALA_VERSION", "2.13",
                        "SPARK_LOCAL_IP", "127.0.0.1"))
                .readyLine(ready)
                .start();
    }
}
