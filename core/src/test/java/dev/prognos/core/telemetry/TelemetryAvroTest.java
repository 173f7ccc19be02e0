package dev.prognos.core.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TelemetryAvroTest {

    @Test
    void shouldRoundTripEveryField() {
        Telemetry t = Telemetry.of("pump-007", "plant-a", "centrifugal-pump", 18234, 1795414322789L,
                Map.of("vib_rms_mm_s", 2.31, "bearing_temp_c", 61.2));

        assertThat(TelemetryAvro.decode(TelemetryAvro.encode(t))).isEqualTo(t);
    }

    @Test
    void shouldStartWithTheSingleObjectMarkerAndSchemaFingerprint() {
        byte[] bytes = TelemetryAvro.encode(Telemetry.of("d", "s", "a", 1, 1, Map.of("x_c", 1.0)));

        // Avro single-object encoding: 0xC3 0x01, then the schema's 8-byte CRC-64-AVRO fingerprint.
        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
    }

    @Test
    void shouldRefuseBytesThatAreNotTelemetryAvro() {
        byte[] json = "{\"v\":1}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> TelemetryAvro.decode(json))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not Prognos telemetry Avro");
    }
}
