package dev.prognos.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.influxdb.client.domain.WritePrecision;
import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import dev.prognos.core.features.window.WindowFeatures;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.metrics.SimpleCounter;
import org.junit.jupiter.api.Test;

class InfluxHealthSinkTest {

    private static final long T0 = 1_795_414_320_000L;

    @Test
    void shouldGiveUpAfterTheConfiguredRetriesAndCountEachRetry() {
        InfluxHealthSink sink = new InfluxHealthSink("http://127.0.0.1:9", "prognos", "prognos", null, 10, 2, 100);
        SimpleCounter retried = new SimpleCounter();
        RetryPolicy<Object> policy = sink.retryPolicy(retried);
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> Failsafe.with(policy).run(() -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("InfluxDB down");
        })).isInstanceOf(IllegalStateException.class).hasMessage("InfluxDB down");

        assertThat(attempts).hasValue(3);
        assertThat(retried.getCount()).isEqualTo(2);
    }

    @Test
    void shouldBoundABatchsTimeByItsAttemptsTimeoutsAndBackOff() {
        // 4 attempts of at most 2 x 5 s each, 3 back-offs of at most 5 s.
        assertThat(new InfluxHealthSink("http://x:1", "o", "b", null, 1, 3, 5_000).writeBudgetMs()).isEqualTo(55_000);
    }

    @Test
    void shouldWriteTheModelsScoresOnlyWhenAModelScoredTheWindow() {
        WindowFeatures vib = new WindowFeatures(3, 2.0, 0.1, 1.9, 2.1, 0.01);
        DeviceHealth scored = new DeviceHealth("pump-001", "plant-a", "centrifugal-pump", T0, T0 + 10_000, false,
                Map.of("vib_rms_mm_s", vib), "A", Map.of(), Map.of(), false, 0, 7, 40.0, 0.1);
        DeviceHealth unscored = new DeviceHealth("pump-001", "plant-a", "centrifugal-pump", T0, T0 + 10_000, false,
                Map.of("vib_rms_mm_s", vib), "A", Map.of(), Map.of(), false, 0, 0, Double.NaN, Double.NaN);

        String line = InfluxHealthSink.point(scored).toLineProtocol();
        assertThat(line).startsWith("device_health,asset=centrifugal-pump,device=pump-001,retroactive=false,site=plant-a,zone=A ")
                .contains("model_version=7i", "rul=40.0", "failure_probability=0.1", "vib_rms_mm_s_mean=2.0", "open_alerts=0i")
                .endsWith(" " + (T0 + 10_000));
        assertThat(InfluxHealthSink.point(unscored).toLineProtocol()).doesNotContain("model_version", "rul=", "failure_probability");
        assertThat(InfluxHealthSink.point(scored).getPrecision()).isEqualTo(WritePrecision.MS);
    }
}
