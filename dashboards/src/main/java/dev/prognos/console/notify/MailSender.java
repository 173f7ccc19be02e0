package dev.prognos.console.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.util.List;
import java.util.Properties;

/** Sends a notification as a plain-text e-mail over SMTP (Jakarta Mail, Angus). */
public final class MailSender implements Sender {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Session session;
    private final String from;
    private final List<String> to;
    private final String username;
    private final String password;

    public MailSender(String host, int port, boolean starttls, String from, List<String> to, String username, String password) {
        Properties p = new Properties();
        p.put("mail.smtp.host", host);
        p.put("mail.smtp.port", String.valueOf(port));
        p.put("mail.smtp.connectiontimeout", "10000");
        p.put("mail.smtp.timeout", "10000");
        p.put("mail.smtp.writetimeout", "10000");
        p.put("mail.smtp.starttls.enable", String.valueOf(starttls));
        p.put("mail.smtp.starttls.required", String.valueOf(starttls));
        p.put("mail.smtp.auth", String.valueOf(username != null));
        this.session = Session.getInstance(p);
        this.from = from;
        this.to = List.copyOf(to);
        this.username = username;
        this.password = password;
    }

    @Override
    public void send(long notificationId, String payloadJson) throws MessagingException, IOException {
        JsonNode p = JSON.readTree(payloadJson);
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress(from));
        for (String r : to) {
            m.addRecipient(Message.RecipientType.TO, new InternetAddress(r));
        }
        String line = WebhookSender.text(payloadJson);
        m.setSubject("Prognos: " + line);
        m.setHeader("X-Prognos-Notification", String.valueOf(notificationId));
        m.setText(line + "\n\n" + JSON.writerWithDefaultPrettyPrinter().writeValueAsString(p.path("alert")) + "\n");
        if (username != null) {
            Transport.send(m, username, password);
        } else {
            Transport.send(m);
        }
    }
}
