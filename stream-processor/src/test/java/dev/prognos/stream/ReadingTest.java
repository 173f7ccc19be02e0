package dev.prognos.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prognos.core.telemetry.Telemetry;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The flat reading the detector receives: the telemetry's fields and readings, in name order. */
class ReadingTest {

    @Test
    void shouldKeepTheTelemetrysFieldsAndReadingsInNameOrder() {
        Telemetry t = Telemetry.of("pump-001", "plant-a", "centrifugal-pump", 42, 1_000L,
                Map.of("vib_rms_mm_s", 2.5, "bearing_temp_c", 61.0, "motor_current_a", Double.NaN));

        Reading r = Reading.of(t);

        assertThat(r.device()).isEqualTo("pump-001");
        assertThat(r.site()).isEqualTo("plant-a");
        assertThat(r.asset()).isEqualTo("centrifugal-pump");
        assertThat(r.seq()).isEqualTo(42);
        assertThat(r.ts()).isEqualTo(1_000L);
        assertThat(r.size()).isEqualTo(3);
        assertThat(new String[] {r.name(0), r.name(1), r.name(2)})
                .containsExactly("bearing_temp_c", "motor_current_a", "vib_rms_mm_s");
        assertThat(r.value(0)).isEqualTo(61.0);
        assertThat(r.value(1)).isNaN();
        assertThat(r.value(2)).isEqualTo(2.5);
        assertThat(r.toTelemetry()).isEqualTo(t);
    }

    @Test
    void shouldRefuseNamesAndValuesOfDifferentLengths() {
        assertThatThrownBy(() -> new Reading("d", "s", "a", 1, 1, new String[] {"x", "y"}, new double[] {1.0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("2 reading names but 1 values");
    }

    @Test
    void shouldCompareByContent() {
        Telemetry t = Telemetry.of("pump-001", "plant-a", "pump", 1, 2, Map.of("a", 1.0));
        assertThat(Reading.of(t)).isEqualTo(Reading.of(t)).hasSameHashCodeAs(Reading.of(t))
                .isNotEqualTo(Reading.of(Telemetry.of("pump-001", "plant-a", "pump", 1, 2, Map.of("a", 1.5))));
        assertThat(Reading.of(t)).hasToString("Reading[pump-001 seq 1 ts 2: a=1.0]");
    }
}
