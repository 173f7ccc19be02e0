package dev.prognos.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prognos.core.ledger.SequenceLedger;
import dev.prognos.edge.internal.Publisher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real agent (in this JVM, synthetic sensor at 50 Hz) against real Mosquitto that is down
 * while the agent starts, then comes back, then goes away mid-stream for a real 60 s while the
 * agent keeps sampling (the scenario; the module's one long test).
 */
class AgentBrokerOutageIT {

    /** How long the broker stays away mid-stream: 60 s, as the issue asks, so about 3000 readings pile up. */
    private static final Duration OUTAGE = Duration.ofSeconds(60);

    private static final String DEVICE = "pump-outage";
    private static final String SITE = "plant-it";

    @TempDir
    Path dir;

    @Test
    void shouldDeliverEverySeqInOrderWhenTheBrokerIsDownWhileTheAgentSamples() throws Exception {
        try (TestBroker broker = new TestBroker(dir.resolve("broker")).start();
             Received received = new Received(broker.uri(), SITE, DEVICE)) {
            broker.stop(); // the subscriber's session is saved: it will get what arrives while it reconnects

            Path config = dir.resolve("agent.yaml");
            Files.writeString(config, String.join("\n",
                    "device: {id: " + DEVICE + ", site: " + SITE + ", asset-type: centrifugal-pump}",
                    "broker: {url: \"" + broker.uri() + "\"}",
                    "sensors: [{type: bme280, address: 0x76, rate-hz: 50}]",
                    "outbox: {flush-rate-per-s: 500}",
                    ""));
            AgentOptions options = AgentOptions.load(config, Map.of());
            Outbox outbox = Outbox.open(dir.resolve("data/outbox.db"), options.outbox().maxBytes(), options.outbox().policy());
            Agent agent = new Agent(options, outbox, List.of(new SyntheticSource(options.sensors().get(0), 1)),
                    new Agent.Runtime(60_000, 10_000, 100, 400));
            try {
                agent.start();
                // Phase 1: no broker at all; 2 s of readings pile up in the outbox.
                await().atMost(Duration.ofSeconds(20)).until(() -> agent.outboxStats().depth() >= 100);
                assertThat(agent.connected()).isFalse();
                assertThat(received.distinct()).isZero();

                broker.start();
                received.reconnect();
                long backlog = agent.outboxStats().depth();
                await("backlog of " + backlog + " flushed, " + received).atMost(Duration.ofSeconds(60))
                        .until(() -> received.distinct() >= backlog + 50);
                SequenceLedger.Report afterFirst = received.assertCompleteSoFar(DEVICE);
                assertThat(afterFirst.duplicates()).as("nothing was in flight when the broker went away").isZero();

                // Phase 2: the broker goes away mid-stream, with messages in flight, for 60 s. The agent
                // must notice, stay disconnected the whole time and keep every reading it takes.
                broker.stop();
                await("agent notices the broker is gone").atMost(Duration.ofSeconds(60)).until(() -> !agent.connected());
                // Readings from here on cannot have been acknowledged (before, the last in-flight ones may).
                long seqAtDisconnect = agent.outboxStats().lastSeq();
                await("broker away for " + OUTAGE).during(OUTAGE).atMost(OUTAGE.plusSeconds(30))
                        .until(() -> !agent.connected());
                Outbox.Stats afterOutage = agent.outboxStats(); // one snapshot: the agent keeps sampling
                long sampledDuringOutage = afterOutage.lastSeq() - seqAtDisconnect;
                assertThat(sampledDuringOutage).as("the agent kept sampling while the broker was away")
                        .isGreaterThanOrEqualTo(1000);
                long backlog2 = afterOutage.depth();
                assertThat(backlog2).as("every reading of the outage waits in the outbox").isGreaterThanOrEqualTo(sampledDuringOutage);
                broker.start();
                received.reconnect();
                long target = agent.outboxStats().lastSeq();
                await("backlog of " + backlog2 + " flushed after the outage, " + received).atMost(Duration.ofSeconds(120))
                        .until(() -> received.maxSeq() >= target && received.distinct() >= target);
            } finally {
                agent.close(); // drains the outbox (10 s at most), then the offline status
            }
            long lastSeq = outbox.stats().lastSeq();
            assertThat(outbox.stats().depth()).as("outbox drained on stop").isZero();
            await().atMost(Duration.ofSeconds(20)).until(() -> received.distinct() >= lastSeq);

            // Every seq 1..lastSeq exactly once after dropping resends by (device, seq), as the cloud does;
            // a resend carries the same bytes (assertComplete). QoS 1 is at-least-once: a PUBACK lost when
            // the broker went away mid-stream means a resend, at most the window in flight.
            SequenceLedger.Report report = received.assertComplete(DEVICE, lastSeq);
            assertThat(report.duplicates()).isLessThanOrEqualTo(Publisher.WINDOW);
            System.out.printf("AgentBrokerOutageIT: %d readings, %d s outage, %d resent (dropped by seq)%n",
                    lastSeq, OUTAGE.toSeconds(), report.duplicates());
            assertThat(received.arrivals()).as("first arrivals in seq order").isSorted();
            assertThat(outbox.stats().dropped()).isZero();

            await().atMost(Duration.ofSeconds(10)).until(() -> !received.statuses().isEmpty()
                    && received.statuses().get(received.statuses().size() - 1).path("state").asText().equals("offline"));
            List<JsonNode> statuses = received.statuses();
            JsonNode birth = statuses.stream().filter(s -> s.path("state").asText().equals("online")).findFirst().orElseThrow();
            assertThat(birth.path("device").asText()).isEqualTo(DEVICE);
            assertThat(birth.path("outboxDepth").asLong()).as("the birth after the outage reports the backlog").isGreaterThanOrEqualTo(100);
            assertThat(birth.has("agentVersion")).isTrue();
            assertThat(birth.has("modelVersion")).isTrue();
            assertThat(birth.path("outboxDropped").asLong()).isZero();
        }
    }
}
