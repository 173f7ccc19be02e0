package dev.prognos.core.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TelemetryJsonTest {

    /** The example of DESIGN.md §3, byte for byte. */
    static final String DESIGN_EXAMPLE = "{\"v\":1,\"device\":\"pump-007\",\"site\":\"plant-a\",\"asset\":\"centrifugal-pump\","
            + "\"seq\":18234,\"ts\":1795414322789,\"readings\":{\"vib_rms_mm_s\":2.31,\"vib_kurtosis\":3.4,"
            + "\"bearing_temp_c\":61.2,\"motor_current_a\":3.31}}";

    static final JsonSchema SCHEMA = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
            .getSchema(TelemetryJson.class.getResourceAsStream(TelemetryJson.SCHEMA_RESOURCE));
    static final ObjectMapper MAPPER = new ObjectMapper();

    static boolean schemaAccepts(String json) throws Exception {
        JsonNode node = MAPPER.readTree(json);
        return SCHEMA.validate(node).isEmpty();
    }

    @Nested
    @DisplayName("decoding a valid payload")
    class Valid {

        @Test
        void shouldReadEveryFieldOfTheDesignExample() throws Exception {
            Telemetry t = TelemetryJson.decode(DESIGN_EXAMPLE.getBytes(StandardCharsets.UTF_8));

            assertThat(t).isEqualTo(Telemetry.of("pump-007", "plant-a", "centrifugal-pump", 18234, 1795414322789L,
                    Map.of("vib_rms_mm_s", 2.31, "vib_kurtosis", 3.4, "bearing_temp_c", 61.2, "motor_current_a", 3.31)));
            assertThat(schemaAccepts(DESIGN_EXAMPLE)).isTrue();
        }

        @Test
        void shouldKeepUnknownReadingsAndIgnoreUnknownTopLevelFields() throws Exception {
            String json = "{\"v\":1,\"device\":\"d1\",\"site\":\"s\",\"asset\":\"fan\",\"seq\":0,\"ts\":5,"
                    + "\"fw\":\"1.2\",\"readings\":{\"new_sensor_ppm\":400}}";

            Telemetry t = TelemetryJson.decode(json.getBytes(StandardCharsets.UTF_8));

            assertThat(t.readings()).containsExactlyEntriesOf(Map.of("new_sensor_ppm", 400.0));
            assertThat(schemaAccepts(json)).isTrue();
        }

        @Test
        void shouldRoundTripThroughEncode() {
            Telemetry t = Telemetry.of("pump-1", "site-b", "fan", Long.MAX_VALUE, 1L,
                    Map.of("a_mm_s", -0.5, "b_c", 1e-9, "c_a", 12345.678));

            assertThat(TelemetryJson.decode(TelemetryJson.encode(t))).isEqualTo(t);
        }
    }

    /**
     * Each case breaks one rule; the codec must name the field, and the published JSON Schema must
     * refuse the same document (so the two never drift apart).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "wrong version      | {'v':2,'device':'d','site':'s','asset':'a','seq':1,'ts':1,'readings':{'x_c':1}}     | v                | unsupported version",
        "missing device     | {'v':1,'site':'s','asset':'a','seq':1,'ts':1,'readings':{'x_c':1}}                 | device           | is required",
        "device with slash  | {'v':1,'device':'a/b','site':'s','asset':'a','seq':1,'ts':1,'readings':{'x_c':1}}  | device           | must match",
        "device not string  | {'v':1,'device':7,'site':'s','asset':'a','seq':1,'ts':1,'readings':{'x_c':1}}      | device           | must be a string",
        "site with wildcard | {'v':1,'device':'d','site':'+','asset':'a','seq':1,'ts':1,'readings':{'x_c':1}}    | site             | must match",
        "missing asset      | {'v':1,'device':'d','site':'s','seq':1,'ts':1,'readings':{'x_c':1}}                | asset            | is required",
        "negative seq       | {'v':1,'device':'d','site':'s','asset':'a','seq':-1,'ts':1,'readings':{'x_c':1}}   | seq              | integer >= 0",
        "seq as text        | {'v':1,'device':'d','site':'s','asset':'a','seq':'12','ts':1,'readings':{'x_c':1}} | seq              | integer >= 0",
        "fractional ts      | {'v':1,'device':'d','site':'s','asset':'a','seq':1,'ts':1.5,'readings':{'x_c':1}}  | ts               | integer >= 0",
        "missing ts         | {'v':1,'device':'d','site':'s','asset':'a','seq':1,'readings':{'x_c':1}}           | ts               | is required",
        "readings an array  | {'v':1,'device':'d','site':'s','asset':'a','seq':1,'ts':1,'readings':[1]}          | readings         | must be an object",
        "no readings        | {'v':1,'device':'d','site':'s','asset':'a','seq':1,'ts':1,'readings':{}}           | readings         | at least one",
        "reading as text    | {'v':1,'device':'d','site':'s','asset':'a','seq':1,'ts':1,'readings':{'temp_c':'hot'}} | readings.temp_c | must be a number",
        "reading bad name   | {'v':1,'device':'d','site':'s','asset':'a','seq':1,'ts':1,'readings':{'Temp C':1}} | readings.Temp C  | name must match",
    })
    void shouldNameTheFieldWhenARuleIsBroken(String rule, String singleQuoted, String field, String reason) throws Exception {
        String json = singleQuoted.replace('\'', '"');

        assertThatThrownBy(() -> TelemetryJson.decode(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidTelemetryException.class)
                .satisfies(e -> {
                    InvalidTelemetryException ite = (InvalidTelemetryException) e;
                    assertThat(ite.field()).isEqualTo(field);
                    assertThat(ite.reason()).contains(reason);
                    assertThat(ite.getMessage()).startsWith("field '" + field + "': ");
                });
        assertThat(schemaAccepts(json)).as("JSON Schema accepts what the codec refuses").isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "not JSON     | {\"v\":1,        | not valid JSON",
        "not object   | [1,2,3]          | must be a JSON object",
        "plain number | 42               | must be a JSON object",
    })
    void shouldSayWhatIsWrongWhenThePayloadIsNotAnObject(String name, String payload, String reason) {
        assertThatThrownBy(() -> TelemetryJson.decode(payload.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidTelemetryException.class)
                .hasMessageContaining(reason)
                .extracting(e -> ((InvalidTelemetryException) e).field()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "fields in another order     | {'readings':{'x_c':1},'ts':1,'seq':1,'asset':'a','site':'s','device':'d','v':1}              | ",
        "null device counts missing  | {'v':1,'device':null,'site':'s','asset':'a','seq':1,'ts':1,'readings':{'x_c':1}}            | device",
        "rules checked in order      | {'readings':{},'ts':-1,'v':1,'device':'a/b','site':'s','asset':'a','seq':1}                 | device",
        "later duplicate wins        | {'v':1,'device':'x/y','device':'d','site':'s','asset':'a','seq':1,'ts':1,'readings':{'x_c':1}} | ",
        "unknown object skipped      | {'v':1,'fw':{'seq':-1,'readings':[]},'device':'d','site':'s','asset':'a','seq':1,'ts':1,'readings':{'x_c':1}} | ",
        "first bad reading is named  | {'v':1,'device':'d','site':'s','asset':'a','seq':1,'ts':1,'readings':{'a_c':1,'b_c':[],'c_c':'x'}} | readings.b_c",
        "huge seq                    | {'v':1,'device':'d','site':'s','asset':'a','seq':99999999999999999999,'ts':1,'readings':{'x_c':1}} | seq",
        "infinite reading            | {'v':1,'device':'d','site':'s','asset':'a','seq':1,'ts':1,'readings':{'x_c':1e400}}       | readings.x_c",
    })
    void shouldReadTheDocumentInOnePassAsATreeWould(String name, String singleQuoted, String refusedField) throws Exception {
        String json = singleQuoted.replace('\'', '"');

        if (refusedField == null) {
            assertThat(TelemetryJson.decode(json.getBytes(StandardCharsets.UTF_8)))
                    .isEqualTo(Telemetry.of("d", "s", "a", 1, 1, Map.of("x_c", 1.0)));
            assertThat(schemaAccepts(json)).isTrue();
        } else {
            assertThatThrownBy(() -> TelemetryJson.decode(json.getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(InvalidTelemetryException.class)
                    .extracting(e -> ((InvalidTelemetryException) e).field()).isEqualTo(refusedField);
        }
    }

    @Test
    void shouldCallAPayloadThatIsBothWrongAndMalformedMalformed() {
        String json = "{\"v\":2,\"device\":\"a/b\",\"readings\":{\"x_c\":1}";

        assertThatThrownBy(() -> TelemetryJson.decode(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidTelemetryException.class)
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> TelemetryJson.decode("[1,2,".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("not valid JSON");
    }

    /** The hand-written checks say exactly what the published patterns say. */
    @ParameterizedTest
    @CsvSource(quoteCharacter = '`', value = {
        "pump-007", "a", "A.b_c-d", "0", "-a", ".a", "_a", "a/b", "a+b", "a#", "a b", "``", "é", "aé",
        "a123456789012345678901234567890123456789012345678901234567890123",
        "a1234567890123456789012345678901234567890123456789012345678901234",
        "vib_rms_mm_s", "Temp", "t", "9a", "a__9", "a-b", "a.b",
    })
    void shouldCheckIdsAndReadingNamesAsTheirPatternsDo(String s) {
        String text = s == null ? "" : s;

        assertThat(TelemetryJson.isId(text)).as("id %s", text).isEqualTo(TelemetryJson.ID.matcher(text).matches());
        assertThat(TelemetryJson.isReadingName(text)).as("reading name %s", text)
                .isEqualTo(TelemetryJson.READING_NAME.matcher(text).matches());
    }

    @Test
    void shouldRefuseAnEmptyOrOversizedPayloadBeforeParsing() {
        assertThatThrownBy(() -> TelemetryJson.decode(new byte[0])).hasMessage("empty payload");
        assertThatThrownBy(() -> TelemetryJson.decode(new byte[TelemetryJson.MAX_BYTES + 1]))
                .hasMessageContaining("exceeds " + TelemetryJson.MAX_BYTES);
    }
}
