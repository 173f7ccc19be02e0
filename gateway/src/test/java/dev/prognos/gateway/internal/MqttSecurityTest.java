package dev.prognos.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prognos.gateway.GatewayOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.Map;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MqttSecurityTest {

    @TempDir
    Path dir;

    @Test
    void shouldReadThePasswordFromTheFirstLineOfTheFileWhenAPasswordFileIsGiven() throws Exception {
        Path file = Files.writeString(dir.resolve("password"), "s3cret-from-provision\n");
        GatewayOptions o = OptionsCheckTest.options(Map.of(GatewayOptions.USERNAME, "gateway",
                GatewayOptions.PASSWORD_FILE, file.toString()));
        MqttConnectionOptions connect = new MqttConnectionOptions();

        MqttSecurity.apply(o.mqtt(), connect);

        assertThat(connect.getUserName()).isEqualTo("gateway");
        assertThat(new String(connect.getPassword())).isEqualTo("s3cret-from-provision");
        assertThat(connect.getSocketFactory()).isNull();
    }

    @Test
    void shouldNameTheKeyWhenThePasswordFileIsEmpty() throws Exception {
        Path file = Files.writeString(dir.resolve("password"), "\n");
        GatewayOptions o = OptionsCheckTest.options(Map.of(GatewayOptions.USERNAME, "gateway",
                GatewayOptions.PASSWORD_FILE, file.toString()));

        assertThatThrownBy(() -> MqttSecurity.password(o.mqtt()))
                .hasMessage("prognos.mqtt.password-file: '" + file + "' is empty");
    }

    @Test
    void shouldReadAPkcs8EcKeyAndRefuseAnotherPemKind() throws Exception {
        var pair = KeyPairGenerator.getInstance("EC").generateKeyPair();
        Path pkcs8 = Files.writeString(dir.resolve("client.key"), "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        Path sec1 = Files.writeString(dir.resolve("ec.key"), "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n");

        assertThat(MqttSecurity.privateKey(pkcs8.toString()).getEncoded()).isEqualTo(pair.getPrivate().getEncoded());
        assertThatThrownBy(() -> MqttSecurity.privateKey(sec1.toString()))
                .hasMessageStartingWith("prognos.mqtt.tls.key: '" + sec1 + "' is not a PKCS#8 PEM key");
    }

    @Test
    void shouldNameTheCaKeyWhenTheCaFileHoldsNoCertificate() throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.crt"), "not a certificate\n");
        GatewayOptions o = OptionsCheckTest.options(Map.of(GatewayOptions.BROKER, "ssl://127.0.0.1:8883",
                GatewayOptions.TLS_CA, ca.toString()));

        assertThatThrownBy(() -> MqttSecurity.apply(o.mqtt(), new MqttConnectionOptions()))
                .hasMessageContaining("prognos.mqtt.tls.ca");
    }
}
