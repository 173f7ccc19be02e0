package dev.prognos.edge.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prognos.core.alert.Alert;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelAlertsTest {

    private final ModelAlerts alerts = new ModelAlerts("pump-1", "plant-a", "centrifugal-pump", 30, 0.5,
            "model_rul", "model_failure_probability");

    @Test
    void shouldOpenOnceWhenTheRulFallsBelowTheHorizonAndResolvePastTheHysteresis() {
        assertThat(alerts.check(Map.of("model_rul", 45.0), 1_000, 1, 3)).isEmpty();

        List<Alert> opened = alerts.check(Map.of("model_rul", 29.5), 2_000, 2, 3);
        assertThat(opened).singleElement().satisfies(a -> {
            assertThat(a.id()).isEqualTo("pump-1/model/rul<30/2000");
            assertThat(a.detector()).isEqualTo("model");
            assertThat(a.condition()).isEqualTo("rul<30");
            assertThat(a.state()).isEqualTo(Alert.State.OPEN);
            assertThat(a.reading()).isEqualTo("model_rul");
            assertThat(a.value()).isEqualTo(29.5);
            assertThat(a.threshold()).isEqualTo(30);
            assertThat(a.seq()).isEqualTo(2);
            assertThat(a.site()).isEqualTo("plant-a");
            assertThat(a.message()).contains("model version 3").contains("29.5");
        });
        assertThat(alerts.check(Map.of("model_rul", 20.0), 3_000, 3, 3)).as("still open: no second alert").isEmpty();
        assertThat(alerts.check(Map.of("model_rul", 31.0), 4_000, 4, 3)).as("above 30 but below 30 / 0.9").isEmpty();

        List<Alert> resolved = alerts.check(Map.of("model_rul", 34.0), 5_000, 5, 3);
        assertThat(resolved).singleElement().satisfies(a -> {
            assertThat(a.id()).isEqualTo(opened.get(0).id());
            assertThat(a.state()).isEqualTo(Alert.State.RESOLVED);
            assertThat(a.stateTime()).isEqualTo(5_000);
        });
        assertThat(alerts.check(Map.of("model_rul", 29.0), 6_000, 6, 3)).singleElement()
                .satisfies(a -> assertThat(a.id()).isEqualTo("pump-1/model/rul<30/6000"));
    }

    @ParameterizedTest(name = "probability {0} then {1}: opened {2}, resolved {3}")
    @CsvSource({
            "0.49, 0.10, false, false",
            "0.50, 0.46, true,  false",
            "0.70, 0.44, true,  true",
    })
    void shouldAlertAtOrAboveTheFailureThresholdWithHysteresis(double first, double second, boolean opened, boolean resolved) {
        List<Alert> a = alerts.check(Map.of("model_failure_probability", first), 1_000, 1, 1);
        assertThat(a).hasSize(opened ? 1 : 0);
        a.forEach(x -> assertThat(x.condition()).isEqualTo("failure_probability>=0.5"));
        List<Alert> b = alerts.check(Map.of("model_failure_probability", second), 2_000, 2, 1);
        assertThat(b).hasSize(resolved ? 1 : 0);
        b.forEach(x -> assertThat(x.state()).isEqualTo(Alert.State.RESOLVED));
    }

    @Test
    void shouldIgnoreReadingsWithoutTheModelsOutputs() {
        assertThat(alerts.check(Map.of("ambient_temp_c", 99.0), 1_000, 1, 1)).isEmpty();
    }
}
