package dev.prognos.gateway.internal;

import dev.prognos.gateway.GatewayOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;

/**
 * The gateway's MQTT credentials: a password read from a file, and TLS from the PEM files of
 * {@code ./prognos provision --gateway} (its CA certificate, and for mutual TLS a client
 * certificate with its PKCS#8 key). The JDK alone reads them. Problems name the setting.
 */
public final class MqttSecurity {

    private static final List<String> KEY_ALGORITHMS = List.of("EC", "RSA", "Ed25519");

    private MqttSecurity() {
    }

    /** Puts user name, password and TLS into {@code o}. */
    public static void apply(GatewayOptions.Mqtt options, MqttConnectionOptions o) {
        options.username().ifPresent(o::setUserName);
        password(options).ifPresent(p -> o.setPassword(p.getBytes(StandardCharsets.UTF_8)));
        GatewayOptions.Tls tls = options.tls();
        if (tls.ca().isPresent() || tls.cert().isPresent()) {
            o.setSocketFactory(socketFactory(tls));
            // The broker's certificate must name the host we dial (provision puts --broker-host in its SAN).
            o.setHttpsHostnameVerificationEnabled(true);
        }
    }

    /** The password from the setting, or the first line of the password file. */
    public static Optional<String> password(GatewayOptions.Mqtt options) {
        if (options.password().isPresent()) {
            return options.password();
        }
        return options.passwordFile().map(file -> {
            try {
                String first = Files.readString(Path.of(file), StandardCharsets.UTF_8).lines().findFirst().orElse("").strip();
                if (first.isEmpty()) {
                    throw new IllegalArgumentException(GatewayOptions.PASSWORD_FILE + ": '" + file + "' is empty");
                }
                return first;
            } catch (IOException e) {
                throw new IllegalArgumentException(GatewayOptions.PASSWORD_FILE + ": cannot read '" + file + "': " + e.getMessage(), e);
            }
        });
    }

    static SSLSocketFactory socketFactory(GatewayOptions.Tls tls) {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (tls.ca().isPresent()) {
                KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
                anchors.load(null, null);
                int i = 0;
                for (Certificate c : certificates(GatewayOptions.TLS_CA, tls.ca().get())) {
                    anchors.setCertificateEntry("ca-" + i++, c);
                }
                trust.init(anchors);
            } else {
                trust.init((KeyStore) null);
            }
            KeyManagerFactory keys = null;
            if (tls.cert().isPresent() && tls.key().isPresent()) {
                char[] none = new char[0];
                KeyStore own = KeyStore.getInstance(KeyStore.getDefaultType());
                own.load(null, null);
                Collection<? extends Certificate> chain = certificates(GatewayOptions.TLS_CERT, tls.cert().get());
                own.setKeyEntry("client", privateKey(tls.key().get()), none, chain.toArray(new Certificate[0]));
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(own, none);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("MQTT TLS settings (" + GatewayOptions.TLS_CA + ", " + GatewayOptions.TLS_CERT
                    + ", " + GatewayOptions.TLS_KEY + "): " + e.getMessage(), e);
        }
    }

    private static Collection<? extends Certificate> certificates(String key, String file) {
        try {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(Path.of(file))));
            if (certs.isEmpty()) {
                throw new IllegalArgumentException(key + ": no certificate in '" + file + "'");
            }
            return certs;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(key + ": cannot read a PEM certificate from '" + file + "': " + e.getMessage(), e);
        }
    }

    static PrivateKey privateKey(String file) {
        String text;
        try {
            text = Files.readString(Path.of(file), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException(GatewayOptions.TLS_KEY + ": cannot read '" + file + "': " + e.getMessage(), e);
        }
        if (!text.contains("-----BEGIN PRIVATE KEY-----")) {
            throw new IllegalArgumentException(GatewayOptions.TLS_KEY + ": '" + file
                    + "' is not a PKCS#8 PEM key (BEGIN PRIVATE KEY); convert it with 'openssl pkcs8 -topk8 -nocrypt'");
        }
        byte[] der = Base64.getDecoder().decode(text.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", ""));
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException notThisOne) {
                // try the next algorithm
            }
        }
        throw new IllegalArgumentException(GatewayOptions.TLS_KEY + ": '" + file + "' holds no EC, RSA or Ed25519 key");
    }
}
