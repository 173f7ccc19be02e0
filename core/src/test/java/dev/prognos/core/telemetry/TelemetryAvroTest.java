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
        // The header the fast decoding path expects (else every value would take the generic path).
        assertThat(java.util.Arrays.copyOf(bytes, 10)).isEqualTo(TelemetryAvro.header());
    }

    @Test
    void shouldDecodeAsAvrosGenericDecoderDoes() {
        java.util.Random random = new java.util.Random(3);
        for (int i = 0; i < 500; i++) {
            Map<String, Double> readings = new java.util.HashMap<>();
            for (int r = random.nextInt(40); r > 0; r--) {
                readings.put("r" + random.nextInt(1000) + "_°c", random.nextGaussian() * 1e3);
            }
            Telemetry t = new Telemetry(random.nextInt(3), "pump-" + random.nextInt(), "Werk ä" + i, "fan",
                    random.nextLong(), random.nextLong(), readings);
            byte[] bytes = TelemetryAvro.encode(t);

            assertThat(TelemetryAvro.decode(bytes)).isEqualTo(t).isEqualTo(TelemetryAvro.decodeGeneric(bytes));
        }
    }

    @Test
    void shouldRefuseTruncatedTelemetryAsNotTelemetryAvro() {
        byte[] bytes = TelemetryAvro.encode(Telemetry.of("pump-007", "plant-a", "centrifugal-pump", 18234, 1795414322789L,
                Map.of("vib_rms_mm_s", 2.31, "bearing_temp_c", 61.2)));

        for (int cut : new int[] {1, 10, 11, 20, bytes.length - 1}) {
            byte[] truncated = java.util.Arrays.copyOf(bytes, cut);
            assertThatThrownBy(() -> TelemetryAvro.decode(truncated)).as("first %d bytes", cut)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("not Prognos telemetry Avro");
        }
    }

    @Test
    void shouldRefuseBytesThatAreNotTelemetryAvro() {
        byte[] json = "{\"v\":1}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> TelemetryAvro.decode(json))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not Prognos telemetry Avro");
    }
}
