package dev.prognos.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReverseChannelTest {

    @ParameterizedTest(name = "{0} key {1}")
    @CsvSource(nullValues = "NULL", delimiter = '|', textBlock = """
            prognos.models        | centrifugal-pump  | prognos/v1/models/centrifugal-pump | NULL
            prognos.models        | a/b               | NULL | key must be an asset type matching [A-Za-z0-9][A-Za-z0-9._-]{0,63}, got 'a/b'
            prognos.models        | pump+             | NULL | key must be an asset type matching [A-Za-z0-9][A-Za-z0-9._-]{0,63}, got 'pump+'
            prognos.models        | NULL              | NULL | key must be an asset type matching [A-Za-z0-9][A-Za-z0-9._-]{0,63}, got no key
            prognos.device-config | plant-a/pump-007  | prognos/v1/plant-a/pump-007/config | NULL
            prognos.device-config | pump-007          | NULL | key must be {site}/{device}, each matching [A-Za-z0-9][A-Za-z0-9._-]{0,63}, got 'pump-007'
            prognos.device-config | plant-a/#         | NULL | key must be {site}/{device}, each matching [A-Za-z0-9][A-Za-z0-9._-]{0,63}, got 'plant-a/#'
            prognos.device-config | a/b/c             | NULL | key must be {site}/{device}, each matching [A-Za-z0-9][A-Za-z0-9._-]{0,63}, got 'a/b/c'
            prognos.telemetry     | pump-007          | NULL | topic prognos.telemetry is not published over MQTT
            """)
    void shouldMapTheKeyToItsRetainedTopicOrSayWhyNotWhenItIsNoValidTopicLevel(String kafkaTopic, String key,
                                                                                String mqttTopic, String refusal) {
        ReverseChannel.Target t = ReverseChannel.target(kafkaTopic, key == null ? null : key.getBytes(StandardCharsets.UTF_8));

        assertThat(t.mqttTopic()).isEqualTo(mqttTopic);
        assertThat(t.refusal()).isEqualTo(refusal);
    }
}
