package dev.prognos.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GatewayMetricsTest {

    @Test
    void shouldServeTheMessageCountsAsPrometheusCountersWithTheirNames() {
        GatewayMetrics metrics = new GatewayMetrics();

        metrics.received();
        metrics.received();
        metrics.forwarded();
        metrics.deadLettered();
        metrics.statusForwarded();
        metrics.sendFailed();

        assertThat(metrics.count(GatewayMetrics.RECEIVED)).isEqualTo(2);
        assertThat(metrics.count(GatewayMetrics.FORWARDED)).isEqualTo(1);
        assertThat(metrics.count(GatewayMetrics.SEND_FAILURES)).isEqualTo(1);
        String text = metrics.scrape();
        assertThat(text).contains("# TYPE prognos_gateway_received_total counter", "prognos_gateway_received_total 2.0",
                "prognos_gateway_forwarded_total 1.0", "prognos_gateway_deadlettered_total 1.0",
                "prognos_gateway_status_forwarded_total 1.0", "prognos_gateway_kafka_send_failures_total 1.0",
                "# HELP prognos_gateway_received_total MQTT telemetry messages received");
    }

    @Test
    void shouldCountEveryIncrementFromSeveralThreads() throws Exception {
        GatewayMetrics metrics = new GatewayMetrics();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 100_000; i++) {
                    metrics.forwarded();
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(metrics.count(GatewayMetrics.FORWARDED)).isEqualTo(400_000);
    }
}
