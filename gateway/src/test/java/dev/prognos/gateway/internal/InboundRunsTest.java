package dev.prognos.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

class InboundRunsTest {

    private final List<String> delivered = new ArrayList<>();
    private final InboundRuns.Sink sink = (topic, payload, arrivedOn, id, qos) ->
            delivered.add(topic + "|" + new String(payload) + "|" + arrivedOn + "|" + id + "|" + qos);

    @Test
    void shouldHoldMessagesWhilePahoHasMoreQueuedAndHandThemAllOverInOrderWhenItHasNone() {
        boolean[] more = {true};
        InboundRuns runs = new InboundRuns(() -> more[0], sink);

        runs.add("t/a", "1".getBytes(), 7, 1, 1);
        runs.add("t/b", "2".getBytes(), 7, 2, 1);
        assertThat(delivered).isEmpty();
        assertThat(runs.held()).isEqualTo(2);

        more[0] = false;
        runs.add("t/c", "3".getBytes(), 8, 3, 0);

        assertThat(delivered).containsExactly("t/a|1|7|1|1", "t/b|2|7|2|1", "t/c|3|8|3|0");
        assertThat(runs.held()).isZero();
    }

    @Test
    void shouldHandOverARunWhenItReachesItsLongestEvenWithMoreQueued() {
        InboundRuns runs = new InboundRuns(() -> true, sink);

        for (int i = 1; i <= InboundRuns.MAX + 1; i++) {
            runs.add("t", Integer.toString(i).getBytes(), 1, i, 1);
        }

        assertThat(delivered).hasSize(InboundRuns.MAX);
        assertThat(delivered.get(0)).isEqualTo("t|1|1|1|1");
        assertThat(delivered.get(InboundRuns.MAX - 1)).isEqualTo("t|" + InboundRuns.MAX + "|1|" + InboundRuns.MAX + "|1");
        assertThat(runs.held()).isEqualTo(1);
    }

    @Test
    void shouldHandEachMessageOverAtOnceWhenNothingMoreIsQueued() {
        InboundRuns runs = new InboundRuns(() -> false, sink);

        runs.add("t", "1".getBytes(), 1, 1, 1);

        assertThat(delivered).containsExactly("t|1|1|1|1");
    }

    @Test
    void shouldFindPahosInboundQueueEmptyBeforeAnyMessage() throws Exception {
        MqttAsyncClient client = new MqttAsyncClient("tcp://127.0.0.1:1", "inbound-runs-test", new MemoryPersistence());
        try {
            BooleanSupplier queued = InboundRuns.pahoQueue(client);

            assertThat(queued).as("Paho 1.2.5's CommsCallback.messageQueue reachable").isNotNull();
            assertThat(queued.getAsBoolean()).isFalse();
        } finally {
            client.close(true);
        }
    }
}
