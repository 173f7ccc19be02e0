package dev.prognos.core.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class AlertAckJsonTest {

    @ParameterizedTest
    @EnumSource(AlertAck.Action.class)
    void shouldRoundTrip(AlertAck.Action action) {
        AlertAck ack = new AlertAck("pump-007/rule/c/1", "pump-007", action, "ana", 1795414400000L, "on my way");
        assertThat(AlertAckJson.decode(AlertAckJson.encode(ack))).isEqualTo(ack);
    }

    @Test
    void shouldReadTheDocumentedFormIgnoringUnknownFields() {
        String json = "{\"alertId\":\"pump-007/rule/iso10816_zone>=D/1795414322789\",\"device\":\"pump-007\","
                + "\"action\":\"ACKNOWLEDGE\",\"by\":\"ana\",\"ts\":1795414400000,\"client\":\"console 1.0\"}";
        AlertAck ack = AlertAckJson.decode(json.getBytes(StandardCharsets.UTF_8));
        assertThat(ack.action()).isEqualTo(AlertAck.Action.ACKNOWLEDGE);
        assertThat(ack.note()).isNull();
    }

    @Test
    void shouldRefuseAnAckWithoutAlertIdOrWithAnUnknownAction() {
        assertThatThrownBy(() -> AlertAckJson.decode("{\"device\":\"d\",\"action\":\"ACKNOWLEDGE\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("alertId");
        assertThatThrownBy(() -> AlertAckJson.decode("{\"alertId\":\"a\",\"device\":\"d\",\"action\":\"SNOOZE\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("not a Prognos alert acknowledgement");
    }
}
