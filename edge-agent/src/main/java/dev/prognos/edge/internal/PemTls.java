package dev.prognos.edge.internal;

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
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * An SSLSocketFactory from the PEM files {@code ./prognos provision} writes, with the JDK alone:
 * the CA certificate(s) as the only trust anchors, and for mutual TLS the client certificate chain
 * with its unencrypted PKCS#8 key (EC or RSA).
 */
public final class PemTls {

    private static final Pattern KEY = Pattern.compile(
            "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
    private static final char[] NO_PASSWORD = new char[0];

    private PemTls() {
    }

    /**
     * @param ca   PEM CA certificate(s); empty: the JVM's default trust store
     * @param cert PEM client certificate chain (mutual TLS), with {@code key}
     * @param key  PEM PKCS#8 private key
     * @throws IllegalArgumentException naming the file that could not be used and why
     */
    public static SSLSocketFactory socketFactory(Optional<Path> ca, Optional<Path> cert, Optional<Path> key) {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (ca.isPresent()) {
                KeyStore trust = KeyStore.getInstance("PKCS12");
                trust.load(null, null);
                int i = 0;
                for (Certificate c : certificates(ca.get())) {
                    trust.setCertificateEntry("ca-" + i++, c);
                }
                tmf.init(trust);
            } else {
                tmf.init((KeyStore) null);
            }
            javax.net.ssl.KeyManager[] keyManagers = null;
            if (cert.isPresent() && key.isPresent()) {
                KeyStore keys = KeyStore.getInstance("PKCS12");
                keys.load(null, null);
                keys.setKeyEntry("client", privateKey(key.get()), NO_PASSWORD,
                        certificates(cert.get()).toArray(new Certificate[0]));
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keys, NO_PASSWORD);
                keyManagers = kmf.getKeyManagers();
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(keyManagers, tmf.getTrustManagers(), null);
            return ctx.getSocketFactory();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    static java.util.List<Certificate> certificates(Path pem) {
        try {
            var certs = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(pem)));
            if (certs.isEmpty()) {
                throw new IllegalArgumentException(pem + ": no PEM certificate in it");
            }
            return java.util.List.copyOf(certs);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException(pem + ": not a readable PEM certificate: " + e.getMessage(), e);
        }
    }

    static PrivateKey privateKey(Path pem) {
        String text;
        try {
            text = Files.readString(pem, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException(pem + ": cannot be read: " + e.getMessage(), e);
        }
        Matcher m = KEY.matcher(text);
        if (!m.find()) {
            throw new IllegalArgumentException(pem + ": no '-----BEGIN PRIVATE KEY-----' block (an unencrypted "
                    + "PKCS#8 key is needed; convert with: openssl pkcs8 -topk8 -nocrypt -in OLD -out NEW)");
        }
        byte[] der = Base64.getMimeDecoder().decode(m.group(1));
        for (String algorithm : new String[] {"EC", "RSA", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException tryNext) {
                // The PKCS#8 header names the algorithm, but KeyFactory needs it up front: try each.
            }
        }
        throw new IllegalArgumentException(pem + ": a PKCS#8 key, but not EC, RSA or Ed25519");
    }
}
