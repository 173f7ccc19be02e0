package dev.prognos.stream.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prognos.core.Topics;
import dev.prognos.core.telemetry.Telemetry;
import dev.prognos.core.telemetry.TelemetryAvro;
import dev.prognos.stream.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TelemetryDeserializerTest {

    private final TelemetryDeserializer deserializer = new TelemetryDeserializer();
    private final List<Either<Telemetry, DeadLetter>> out = new ArrayList<>();
    private final Collector<Either<Telemetry, DeadLetter>> collector = new Collector<>() {
        @Override
        public void collect(Either<Telemetry, DeadLetter> record) {
            out.add(record);
        }

        @Override
        public void close() {
        }
    };

    @Test
    void shouldDecodeAvroTelemetryWhenTheValueIsValid() throws Exception {
        Telemetry t = Telemetry.of("pump-007", "plant-a", "centrifugal-pump", 18_234, 1_795_414_322_789L,
                Map.of("vib_rms_mm_s", 2.31, "bearing_temp_c", 61.2));

        deserializer.deserialize(record(TelemetryAvro.encode(t)), collector);

        assertThat(out).hasSize(1);
        assertThat(out.get(0).isLeft()).isTrue();
        assertThat(out.get(0).left()).isEqualTo(t);
        assertThat(deserializer.undecodableCount()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "'{\"v\":1,\"device\":\"pump-007\"}'", // JSON where Avro belongs
            "garbage",
            "''"})
    void shouldMakeADeadLetterWithTheRawBytesWhenTheValueDoesNotDecode(String value) throws Exception {
        byte[] raw = value.getBytes(StandardCharsets.UTF_8);
        long before = System.currentTimeMillis();

        deserializer.deserialize(record(raw), collector);

        assertThat(out).hasSize(1);
        DeadLetter d = out.get(0).right();
        assertThat(d.value()).isEqualTo(raw);
        assertThat(d.key()).isEqualTo("pump-007".getBytes(StandardCharsets.UTF_8));
        assertThat(d.source()).isEqualTo("kafka:" + Topics.TELEMETRY + "-1@42");
        assertThat(d.reason()).startsWith("not Avro telemetry: ");
        assertThat(d.refusedAtMs()).isBetween(before, System.currentTimeMillis());
        assertThat(deserializer.undecodableCount()).isOne();
    }

    @Test
    void shouldMakeADeadLetterOfATombstone() throws Exception {
        deserializer.deserialize(record(null), collector);
        deserializer.deserialize(record(new byte[] {1, 2, 3}), collector);

        assertThat(out).extracting(e -> e.right().reason())
                .containsExactly("not Avro telemetry: no value (a tombstone)", out.get(1).right().reason());
        assertThat(out.get(0).right().value()).isNull();
        assertThat(deserializer.undecodableCount()).isEqualTo(2);
    }

    private static ConsumerRecord<byte[], byte[]> record(byte[] value) {
        return new ConsumerRecord<>(Topics.TELEMETRY, 1, 42L, "pump-007".getBytes(StandardCharsets.UTF_8), value);
    }
}
