package dev.prognos.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.nio.charset.StandardCharsets;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.MqttPublish;
import org.eclipse.paho.mqttv5.common.packet.MqttWireMessage;
import org.eclipse.paho.mqttv5.common.packet.util.CountingInputStream;
import org.junit.jupiter.api.Test;

class PahoDecodingTest {

    static final String TOPIC = "prognos/v1/plant-a/pump-7/telemetry";
    static final byte[] PAYLOAD = ("{\"v\":1,\"device\":\"pump-7\",\"site\":\"plant-a\",\"asset\":\"pump\",\"seq\":42,\"ts\":1700000000000,"
            + "\"readings\":{\"vibration_rms\":2.31,\"kurtosis\":3.05,\"bearing_temp\":61.2,\"motor_current\":12.8}}")
            .getBytes(StandardCharsets.UTF_8);

    @Test
    void shouldUseTheGatewaysCountingInputStreamWhichReadsInBulk() {
        assertThat(PahoShadows.bulkReads()).isTrue();
    }

    @Test
    void shouldDecodeAQos1PublishWithTopicIdAndPayloadIntactWhenPahoReadsInBulk() throws Exception {
        MqttMessage message = new MqttMessage(PAYLOAD);
        message.setQos(1);
        MqttPublish publish = new MqttPublish(TOPIC, message, new MqttProperties());
        publish.setMessageId(4711);
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        packet.write(publish.getHeader());
        packet.write(publish.getPayload());

        MqttWireMessage decoded = MqttWireMessage.createWireMessage(packet.toByteArray());

        assertThat(decoded).isInstanceOf(MqttPublish.class);
        MqttPublish p = (MqttPublish) decoded;
        assertThat(p.getTopicName()).isEqualTo(TOPIC);
        assertThat(p.getMessageId()).isEqualTo(4711);
        assertThat(p.getMessage().getQos()).isEqualTo(1);
        assertThat(p.getMessage().getPayload()).isEqualTo(PAYLOAD);
    }

    @Test
    void shouldCountBytesOfSingleReadsBulkReadsAndSkipsButNotTheEndOfTheStream() throws Exception {
        CountingInputStream counting = new CountingInputStream(new ByteArrayInputStream(new byte[100]));
        DataInputStream in = new DataInputStream(counting);

        in.readUnsignedShort();
        assertThat(counting.getCounter()).isEqualTo(2);
        in.readFully(new byte[50]);
        assertThat(counting.getCounter()).isEqualTo(52);
        assertThat(in.skipBytes(8)).isEqualTo(8);
        assertThat(counting.getCounter()).isEqualTo(60);
        assertThat(counting.read(new byte[100], 0, 100)).isEqualTo(40);
        assertThat(counting.read(new byte[10], 0, 10)).isEqualTo(-1);
        assertThat(counting.read()).isEqualTo(-1);
        assertThat(counting.getCounter()).isEqualTo(100);

        counting.resetCounter();
        assertThat(counting.getCounter()).isZero();
    }
}
