package dev.prognos.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.MissingResourceException;
import java.util.ResourceBundle;
import org.eclipse.paho.mqttv5.client.logging.JSR47Logger;
import org.eclipse.paho.mqttv5.client.logging.Logger;
import org.eclipse.paho.mqttv5.client.logging.LoggerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The gateway's replacement of Paho's LoggerFactory: Paho's contract, lookups made once. */
class PahoLoggerFactoryTest {

    private static final String TOKEN = "org.eclipse.paho.mqttv5.client.internal.Token";

    @AfterEach
    void installTheGatewaysLoggerAgain() {
        PahoLog.install();
    }

    @Test
    void shouldBeTheFactoryPahoLoads() {
        assertThat(PahoShadows.cachedLookups()).isTrue();
    }

    @Test
    void shouldReturnANewLoggerPerCallInitialisedWithTheCatalogue() {
        PahoLog.install();

        Logger first = LoggerFactory.getLogger(LoggerFactory.MQTT_CLIENT_MSG_CAT, TOKEN);
        Logger second = LoggerFactory.getLogger(LoggerFactory.MQTT_CLIENT_MSG_CAT, TOKEN);

        assertThat(first).isInstanceOf(PahoLog.class).isNotSameAs(second);
        assertThat(first.formatMessage("101", new Object[] {"gw-1", "tcp://b:1883", "mem"}))
                .isEqualTo(ResourceBundle.getBundle(LoggerFactory.MQTT_CLIENT_MSG_CAT).getString("101")
                        .replace("{0}", "gw-1").replace("{1}", "tcp://b:1883").replace("{2}", "mem"));
    }

    @Test
    void shouldMakeJavaUtilLoggingLoggersWhenNoneIsSetAndTheNewClassWhenItChanges() {
        LoggerFactory.setLogger(null);
        assertThat(LoggerFactory.getLogger(LoggerFactory.MQTT_CLIENT_MSG_CAT, TOKEN)).isInstanceOf(JSR47Logger.class);

        LoggerFactory.setLogger(PahoLog.class.getName());
        assertThat(LoggerFactory.getLogger(LoggerFactory.MQTT_CLIENT_MSG_CAT, TOKEN)).isInstanceOf(PahoLog.class);
    }

    @Test
    void shouldRefuseAnUnknownLoggerClassAsPahoDoes() {
        LoggerFactory.setLogger("no.such.Logger");

        assertThatThrownBy(() -> LoggerFactory.getLogger(LoggerFactory.MQTT_CLIENT_MSG_CAT, TOKEN))
                .isInstanceOf(MissingResourceException.class)
                .hasMessage("Error locating the logging class");
    }

    @Test
    void shouldRefuseAnUnknownCatalogue() {
        assertThatThrownBy(() -> LoggerFactory.getLogger("no.such.catalogue", TOKEN))
                .isInstanceOf(MissingResourceException.class);
    }
}
