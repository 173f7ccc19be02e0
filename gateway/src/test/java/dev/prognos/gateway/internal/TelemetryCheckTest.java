package dev.prognos.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prognos.core.telemetry.InvalidTelemetryException;
import dev.prognos.core.telemetry.Telemetry;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TelemetryCheckTest {

    static final String TOPIC = "prognos/v1/plant-a/pump-007/telemetry";

    static String payload(String device, String site, String seq) {
        return "{\"v\":1,\"device\":\"" + device + "\",\"site\":\"" + site + "\",\"asset\":\"centrifugal-pump\","
                + "\"seq\":" + seq + ",\"ts\":1795414322789,\"readings\":{\"vib_rms_mm_s\":2.31,\"bearing_temp_c\":61.2}}";
    }

    @Test
    void shouldAcceptTelemetryWhenTopicAndPayloadNameTheSameDevice() {
        Telemetry t = TelemetryCheck.check(TOPIC, payload("pump-007", "plant-a", "18234").getBytes(StandardCharsets.UTF_8));

        assertThat(t.device()).isEqualTo("pump-007");
        assertThat(t.site()).isEqualTo("plant-a");
        assertThat(t.seq()).isEqualTo(18234);
        assertThat(t.reading("vib_rms_mm_s")).isEqualTo(2.31);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            prognos/v1/plant-a/pump-007/telemetry | pump-008 | plant-a | 1  | device | field 'device': "pump-008" differs from the topic's device "pump-007"
            prognos/v1/plant-a/pump-007/telemetry | pump-007 | plant-b | 1  | site   | field 'site': "plant-b" differs from the topic's site "plant-a"
            prognos/v1/plant-a/pump-007/telemetry | pump-007 | plant-a | -1 | seq    | field 'seq': must be an integer >= 0, got -1
            prognos/v1/plant-a/pump-007/telemetry | pump-007 | plant-a | 1.5 | seq   | field 'seq': must be an integer >= 0, got 1.5
            prognos/v1/plant-a/pump-007/status    | pump-007 | plant-a | 1  |        | topic 'prognos/v1/plant-a/pump-007/status' is not prognos/v1/{site}/{device}/telemetry
            prognos/v2/plant-a/pump-007/telemetry | pump-007 | plant-a | 1  |        | topic 'prognos/v2/plant-a/pump-007/telemetry' is not prognos/v1/{site}/{device}/telemetry
            prognos/v1/plant-a/telemetry          | pump-007 | plant-a | 1  |        | topic 'prognos/v1/plant-a/telemetry' is not prognos/v1/{site}/{device}/telemetry
            """)
    void shouldRefuseNamingTheFieldWhenTopicOrPayloadIsWrong(String topic, String device, String site, String seq,
                                                            String field, String reason) {
        byte[] bytes = payload(device, site, seq).getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> TelemetryCheck.check(topic, bytes))
                .isInstanceOfSatisfying(InvalidTelemetryException.class, e -> assertThat(e.field()).isEqualTo(field))
                .hasMessage(reason);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            truncated JSON   | {"v":1,"device":     | not valid JSON
            not an object    | [1,2,3]              | must be a JSON object
            empty            | ``                   | empty payload
            """)
    void shouldRefuseWholePayloadWhenItIsNotTelemetryJson(String name, String payload, String reason) {
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> TelemetryCheck.check(TOPIC, bytes))
                .isInstanceOfSatisfying(InvalidTelemetryException.class, e -> assertThat(e.field()).isNull())
                .hasMessageContaining(reason);
    }

    @Test
    void shouldReportTheExceptionKindWhenTheRefusalIsNotAContractViolation() {
        assertThat(TelemetryCheck.reasonOf(new IllegalStateException("codec broke")))
                .isEqualTo("gateway could not process it: java.lang.IllegalStateException: codec broke");
        assertThat(TelemetryCheck.reasonOf(new InvalidTelemetryException("seq", "must be an integer >= 0, got -1")))
                .isEqualTo("field 'seq': must be an integer >= 0, got -1");
    }
}
