package dev.prognos.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MqttTopicsTest {

    @ParameterizedTest
    @CsvSource({
        "prognos/v1/plant-a/pump-007/telemetry, plant-a, pump-007, telemetry",
        "prognos/v1/s/d/status,                 s,       d,        status",
    })
    void shouldParseADeviceTopic(String topic, String site, String device, String kind) {
        assertThat(MqttTopics.parse(topic)).contains(new MqttTopics.DeviceTopic(site, device, kind));
    }

    @ParameterizedTest
    @CsvSource({"prognos/v1/models/fan/x/y", "prognos/v2/s/d/telemetry", "prognos/v1/s//telemetry", "other"})
    void shouldRefuseWhatIsNotADeviceTopic(String topic) {
        assertThat(MqttTopics.parse(topic)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"plant-a, pump-007"})
    void shouldBuildTheTopicItParses(String site, String device) {
        assertThat(MqttTopics.parse(MqttTopics.telemetry(site, device)))
                .contains(new MqttTopics.DeviceTopic(site, device, MqttTopics.TELEMETRY));
        assertThat(MqttTopics.alert(site, device)).isEqualTo("prognos/v1/" + site + "/" + device + "/alert");
        assertThat(MqttTopics.parse(MqttTopics.alert(site, device)))
                .contains(new MqttTopics.DeviceTopic(site, device, MqttTopics.ALERT));
    }
}
