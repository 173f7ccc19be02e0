package dev.prognos.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prognos.core.MqttTopics;
import dev.prognos.core.telemetry.Telemetry;
import dev.prognos.core.telemetry.TelemetryJson;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RawPublisherTest {

    @ParameterizedTest
    @CsvSource({"1, 0", "9, 9", "10, 1795414322789", "4000, 1795414322789", "9223372036854775807, 1"})
    void shouldWriteThePublishPacketOfTheTelemetryPayload(long seq, long ts) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        new RawPublisher.DeviceFrame("gw-1-p0-7").write(out, 513, seq, ts);

        byte[] packet = out.toByteArray();
        byte[] topic = MqttTopics.telemetry(FleetPublisher.SITE, "gw-1-p0-7").getBytes(StandardCharsets.UTF_8);
        byte[] payload = RawPublisher.payload("gw-1-p0-7", seq, ts);
        int header = packet[1] < 0 ? 3 : 2; // fixed header: type, remaining length (1 or 2 bytes)
        assertThat(packet[0]).isEqualTo((byte) 0x32);
        assertThat(packet.length - header).isEqualTo((packet[1] & 0x7F) + (header == 3 ? (packet[2] & 0xFF) << 7 : 0));
        assertThat(Arrays.copyOfRange(packet, header + 2, header + 2 + topic.length)).isEqualTo(topic);
        assertThat(((packet[header + 2 + topic.length] & 0xFF) << 8) | (packet[header + 3 + topic.length] & 0xFF)).isEqualTo(513);
        byte[] body = Arrays.copyOfRange(packet, header + 5 + topic.length, packet.length);
        assertThat(body).isEqualTo(payload);
        Telemetry t = TelemetryJson.decode(body);
        assertThat(t.seq()).isEqualTo(seq);
        assertThat(t.ts()).isEqualTo(ts);
        assertThat(t.readings()).hasSize(RawPublisher.READINGS_PER_MESSAGE);
    }
}
