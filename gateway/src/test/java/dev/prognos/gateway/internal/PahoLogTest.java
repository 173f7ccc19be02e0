package dev.prognos.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.paho.mqttv5.client.logging.Logger;
import org.eclipse.paho.mqttv5.client.logging.LoggerFactory;
import org.junit.jupiter.api.Test;

class PahoLogTest {

    @Test
    void shouldBeTheLoggerPahoCreatesOnceInstalled() {
        assertThat(PahoLog.install()).isTrue();

        Logger created = LoggerFactory.getLogger(LoggerFactory.MQTT_CLIENT_MSG_CAT, "org.eclipse.paho.mqttv5.client.internal.Token");

        assertThat(created).isInstanceOf(PahoLog.class);
    }

    @Test
    void shouldKeepWarningsAndDropTraceWhenAsked() {
        PahoLog log = new PahoLog();

        assertThat(log.isLoggable(Logger.SEVERE)).isTrue();
        assertThat(log.isLoggable(Logger.WARNING)).isTrue();
        assertThat(log.isLoggable(Logger.FINE)).isFalse();
        assertThat(log.isLoggable(Logger.FINEST)).isFalse();
    }

    @Test
    void shouldTurnPahoMessageNumbersIntoTheCatalogueTextWithTheInsertsFilledIn() {
        PahoLog log = new PahoLog();
        log.initialise(java.util.ResourceBundle.getBundle(LoggerFactory.MQTT_CLIENT_MSG_CAT), "id", "res");

        assertThat(log.formatMessage("101", new Object[] {"gw-1", "tcp://b:1883", "mem"}))
                .isEqualTo("<init> ClientID=gw-1 ServerURI=tcp://b:1883 PersistenceType=mem");
        assertThat(log.formatMessage("not a number", null)).isEqualTo("not a number");
    }
}
