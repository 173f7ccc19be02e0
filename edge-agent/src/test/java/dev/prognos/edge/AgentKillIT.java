package dev.prognos.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.prognos.core.ledger.SequenceLedger;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged agent (target/edge-agent-*.jar with target/lib, as ./prognos agent runs it) as a
 * child process, killed with SIGKILL while it flushes a backlog, then started again on the same
 * outbox: no seq lost, none handed out twice.
 */
class AgentKillIT {

    private static final String DEVICE = "pump-kill";
    private static final String SITE = "plant-it";

    @TempDir
    Path dir;

    @Test
    void shouldLoseNoSeqAndReuseNoneWhenKilledDuringAFlushAndRestarted() throws Exception {
        try (TestBroker broker = new TestBroker(dir.resolve("broker")).start();
             Received received = new Received(broker.uri(), SITE, DEVICE)) {
            Path config = dir.resolve("agent.yaml");
            // 50 readings/s sampled but 20/s published: a backlog grows, so the agent is always flushing.
            Files.writeString(config, String.join("\n",
                    "device: {id: " + DEVICE + ", site: " + SITE + ", asset-type: centrifugal-pump}",
                    "broker: {url: \"" + broker.uri() + "\"}",
                    "sensors: [{type: bme280, address: 0x76, rate-hz: 50}]",
                    "outbox: {flush-rate-per-s: 20}",
                    ""));
            Process first = agent(config, Map.of(), "first.log");
            await("first run publishing").atMost(Duration.ofSeconds(60)).until(() -> received.distinct() >= 60);
            first.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no drain
            assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
            long seenBeforeKill = received.maxSeq();

            Outbox.Stats atKill;
            try (Outbox o = Outbox.open(dir.resolve("data/outbox.db"), 1 << 20, AgentOptions.OutboxPolicy.DROP_OLDEST)) {
                atKill = o.stats();
            }
            assertThat(atKill.depth()).as("a backlog was being flushed when it was killed").isGreaterThan(20);

            // The restart drains at 2000/s (environment override), then keeps up.
            Process second = agent(config, Map.of(AgentOptions.OUTBOX_FLUSH_RATE_ENV, "2000"), "second.log");
            await("backlog flushed after restart").atMost(Duration.ofSeconds(60))
                    .until(() -> received.distinct() >= atKill.lastSeq() + 50);
            second.destroy(); // SIGTERM: the agent drains and says offline
            assertThat(second.waitFor(30, TimeUnit.SECONDS)).as("stopped within 30 s of SIGTERM").isTrue();

            long lastSeq;
            try (Outbox o = Outbox.open(dir.resolve("data/outbox.db"), 1 << 20, AgentOptions.OutboxPolicy.DROP_OLDEST)) {
                assertThat(o.stats().depth()).as("outbox drained on SIGTERM").isZero();
                lastSeq = o.stats().lastSeq();
            }
            assertThat(lastSeq).isGreaterThan(atKill.lastSeq());
            await().atMost(Duration.ofSeconds(20)).until(() -> received.distinct() >= lastSeq);
            SequenceLedger.Report report = received.assertComplete(DEVICE, lastSeq);
            assertThat(received.arrivals()).as("first arrivals in seq order").isSorted();
            assertThat(seenBeforeKill).isLessThan(lastSeq);
            System.out.printf("kill -9 IT: %d seqs, %d duplicates (resent after the kill), %d in the outbox at the kill%n",
                    lastSeq, report.duplicates(), atKill.depth());
        }
    }

    private Process agent(Path config, Map<String, String> env, String log) throws IOException {
        Path target = Path.of("target").toAbsolutePath();
        Path jar;
        try (Stream<Path> s = Files.list(target)) {
            jar = s.filter(p -> p.getFileName().toString().matches("edge-agent-.*\\.jar")
                    && !p.getFileName().toString().contains("sources")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no packaged agent in " + target + ": run mvn verify"));
        }
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-cp", jar + File.pathSeparator + target.resolve("lib") + File.separator + "*",
                "dev.prognos.edge.AgentCommand", "--config", config.toString(), "--data-dir", dir.resolve("data").toString(),
                "--synthetic")
                .redirectErrorStream(true).redirectOutput(dir.resolve(log).toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("PROGNOS_"));
        pb.environment().putAll(env);
        return pb.start();
    }
}
