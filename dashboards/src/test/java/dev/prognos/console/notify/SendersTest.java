package dev.prognos.console.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.prognos.console.ConsoleOptions;
import dev.prognos.console.support.WebhookReceiver;
import dev.prognos.stack.FreePorts;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** The senders against real servers: the JDK's HTTP server as a webhook, GreenMail as the SMTP server. */
class SendersTest {

    static final String PAYLOAD = "{\"transition\":\"OPEN\",\"by\":\"stream-processor\",\"at\":1,\"alert\":{\"id\":\"pump-7/rule/c/1\","
            + "\"device\":\"pump-7\",\"site\":\"plant-a\",\"asset\":\"centrifugal-pump\",\"condition\":\"vib_rms_mm_s>=7.1\","
            + "\"severity\":\"CRITICAL\",\"state\":\"OPEN\",\"message\":\"zone D\"}}";

    @Test
    void shouldPostTheGenericJsonWithAStableIdempotencyKey() throws Exception {
        try (WebhookReceiver hook = new WebhookReceiver()) {
            new WebhookSender(URI.create(hook.url()), ConsoleOptions.WebhookFormat.JSON).send(17, PAYLOAD);
            assertThat(hook.received()).hasSize(1);
            assertThat(new ObjectMapper().readTree(hook.received().get(0).body())).isEqualTo(new ObjectMapper().readTree(PAYLOAD));
            assertThat(hook.received().get(0).idempotencyKey()).isEqualTo("prognos-notification-17");
        }
    }

    @Test
    void shouldPostSlacksTextFormAndFailOnARefusal() throws Exception {
        try (WebhookReceiver hook = new WebhookReceiver()) {
            WebhookSender slack = new WebhookSender(URI.create(hook.url()), ConsoleOptions.WebhookFormat.SLACK);
            slack.send(1, PAYLOAD);
            assertThat(hook.received().get(0).body()).isEqualTo(
                    "{\"text\":\"[CRITICAL] pump-7 (plant-a/centrifugal-pump): OPEN - vib_rms_mm_s>=7.1: zone D (by stream-processor)\"}");
            hook.failNext(1);
            assertThatThrownBy(() -> slack.send(2, PAYLOAD)).isInstanceOf(IOException.class).hasMessageContaining("answered 503");
        }
    }

    @Test
    void shouldMailTheAlertThroughARealSmtpServer() throws Exception {
        int port = FreePorts.find();
        GreenMail smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        try {
            new MailSender("127.0.0.1", port, false, "prognos@plant-a.example", java.util.List.of("oncall@plant-a.example"), null, null)
                    .send(5, PAYLOAD);
            MimeMessage[] got = smtp.getReceivedMessages();
            assertThat(got).hasSize(1);
            assertThat(got[0].getSubject()).isEqualTo(
                    "Prognos: [CRITICAL] pump-7 (plant-a/centrifugal-pump): OPEN - vib_rms_mm_s>=7.1: zone D (by stream-processor)");
            assertThat(got[0].getAllRecipients()[0].toString()).isEqualTo("oncall@plant-a.example");
            assertThat(got[0].getHeader("X-Prognos-Notification")).containsExactly("5");
            assertThat(((String) got[0].getContent())).contains("\"device\" : \"pump-7\"");
        } finally {
            smtp.stop();
        }
    }
}
