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
 * while the agent samples, then comes back, then goes away again mid-stream.
 */
class AgentBrokerOutageIT {

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
                SequenceLedger.Report afterFirst = received.assertComplete(DEVICE, received.maxSeq());
                assertThat(afterFirst.duplicates()).as("nothing was in flight when the broker went away").isZero();

                // Phase 2: the broker goes away mid-stream, with messages in flight, for 2 s.
                broker.stop();
                long before = received.distinct();
                await().atMost(Duration.ofSeconds(20)).until(() -> !agent.connected() && agent.outboxStats().depth() >= 100);
                broker.start();
                received.reconnect();
                await().atMost(Duration.ofSeconds(60)).until(() -> received.distinct() >= before + 200);
            } finally {
                agent.close(); // drains the outbox (10 s at most), then the offline status
            }
            long lastSeq = outbox.stats().lastSeq();
            assertThat(outbox.stats().depth()).as("outbox drained on stop").isZero();
            await().atMost(Duration.ofSeconds(20)).until(() -> received.distinct() >= lastSeq);

            SequenceLedger.Report report = received.assertComplete(DEVICE, lastSeq);
            // QoS 1 is at-least-once: a PUBACK lost in the mid-stream outage means a resend, at most a window's worth.
            assertThat(report.duplicates()).isLessThanOrEqualTo(Publisher.WINDOW);
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
