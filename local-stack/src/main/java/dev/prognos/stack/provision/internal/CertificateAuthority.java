package dev.prognos.stack.provision.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The local certificate authority: an EC P-256 key and a self-signed certificate in a directory
 * ({@code ca.key} mode 600, {@code ca.crt}), the certificates it issues, and its revocation list.
 * Everything is PEM, which both Mosquitto (OpenSSL) and a plain JDK read.
 */
public final class CertificateAuthority {

    /** The CA certificate's lifetime: 10 years (3650 days). */
    public static final Duration CA_VALIDITY = Duration.ofDays(3650);
    /** Broker and client certificates: 5 years (1825 days); renew with --rotate or by provisioning again. */
    public static final Duration LEAF_VALIDITY = Duration.ofDays(1825);
    /** Issued certificates start this far in the past, so a device whose clock lags a little accepts them: 1 hour. */
    private static final Duration BACKDATE = Duration.ofHours(1);

    private static final String SIGNATURE = "SHA256withECDSA";
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}))*");

    /** A private key and the certificate issued for it. */
    public record Issued(PrivateKey key, X509Certificate certificate) {
        public BigInteger serial() {
            return certificate.getSerialNumber();
        }
    }

    private final Path dir;
    private final PrivateKey key;
    private final X509Certificate certificate;
    private final SecureRandom random;
    private final Clock clock;

    private CertificateAuthority(Path dir, PrivateKey key, X509Certificate certificate, SecureRandom random, Clock clock) {
        this.dir = dir;
        this.key = key;
        this.certificate = certificate;
        this.random = random;
        this.clock = clock;
    }

    public static boolean exists(Path dir) {
        return Files.exists(dir.resolve("ca.key")) && Files.exists(dir.resolve("ca.crt"));
    }

    /** Loads the CA in {@code dir}, or creates it there when there is none. */
    public static CertificateAuthority openOrCreate(Path dir, SecureRandom random, Clock clock) {
        if (exists(dir)) {
            return new CertificateAuthority(dir, readKey(dir.resolve("ca.key")), readCertificate(dir.resolve("ca.crt")), random, clock);
        }
        SecureFiles.privateDir(dir);
        KeyPair pair = newKeyPair(random);
        Instant now = clock.instant();
        X500Name name = new X500Name("O=Prognos,CN=Prognos local CA " + Long.toHexString(random.nextLong() >>> 16));
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(random), Date.from(now.minus(BACKDATE)),
                    Date.from(now.plus(CA_VALIDITY)), name, pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()));
            X509Certificate cert = convert(b.build(signer(pair.getPrivate())));
            SecureFiles.writePrivate(dir.resolve("ca.key"), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            SecureFiles.writePublic(dir.resolve("ca.crt"), pem(cert));
            return new CertificateAuthority(dir, pair.getPrivate(), cert, random, clock);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("could not create the CA in " + dir, e);
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** A broker certificate for {@code hosts} (DNS names or IP literals), for TLS server authentication. */
    public Issued issueServer(Collection<String> hosts) {
        List<GeneralName> names = new ArrayList<>();
        for (String h : hosts) {
            names.add(isIpLiteral(h) ? new GeneralName(GeneralName.iPAddress, h) : new GeneralName(GeneralName.dNSName, h));
        }
        return issue("O=Prognos,CN=prognos-broker", KeyPurposeId.id_kp_serverAuth,
                new GeneralNames(names.toArray(GeneralName[]::new)));
    }

    /**
     * A client certificate whose CN is the account name (Mosquitto's use_identity_as_username).
     * Names are written most significant first (O, then CN), the order DER keeps them in.
     */
    public Issued issueClient(String commonName) {
        return issue("O=Prognos,CN=" + commonName, KeyPurposeId.id_kp_clientAuth, null);
    }

    /**
     * The CRL listing {@code revoked} serials. It has no nextUpdate on purpose: OpenSSL refuses
     * every client once a CRL's nextUpdate has passed, and nothing here republishes it on a timer.
     */
    public String crl(Collection<BigInteger> revoked) {
        Instant now = clock.instant();
        X509v2CRLBuilder b = new JcaX509v2CRLBuilder(certificate, Date.from(now));
        for (BigInteger serial : revoked) {
            b.addCRLEntry(serial, Date.from(now), CRLReason.superseded);
        }
        return pem("X509 CRL", encoded(() -> b.build(signer(key)).getEncoded()));
    }

    /** Serials revoked so far ({@code revoked.txt}, one hexadecimal serial a line). */
    public List<BigInteger> revoked() {
        Path file = dir.resolve("revoked.txt");
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            return Files.readAllLines(file).stream().map(String::strip).filter(s -> !s.isEmpty() && !s.startsWith("#"))
                    .map(s -> new BigInteger(s, 16)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
    }

    public void revoke(BigInteger serial) {
        Set<BigInteger> all = new LinkedHashSet<>(revoked());
        all.add(serial);
        StringBuilder out = new StringBuilder("# Serials (hex) of client certificates this CA has revoked.\n");
        all.forEach(s -> out.append(s.toString(16)).append('\n'));
        SecureFiles.writePublic(dir.resolve("revoked.txt"), out.toString());
    }

    /** Whether {@code host} is acceptable as a certificate name: a DNS name or an IP literal. */
    public static boolean isValidHost(String host) {
        return host != null && (HOST.matcher(host).matches() || isIpLiteral(host)) && host.length() <= 253;
    }

    private static boolean isIpLiteral(String host) {
        if (!IPV4.matcher(host).matches() && !host.contains(":")) {
            return false;
        }
        try {
            // A literal never triggers a DNS lookup.
            InetAddress.getByName(host);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private Issued issue(String subject, KeyPurposeId purpose, GeneralNames san) {
        KeyPair pair = newKeyPair(random);
        Instant now = clock.instant();
        Instant notAfter = now.plus(LEAF_VALIDITY);
        if (notAfter.isAfter(certificate.getNotAfter().toInstant())) {
            notAfter = certificate.getNotAfter().toInstant();
        }
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(certificate, serial(random), Date.from(now.minus(BACKDATE)),
                    Date.from(notAfter), new X500Name(subject), pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(certificate));
            if (san != null) {
                b.addExtension(Extension.subjectAlternativeName, false, san);
            }
            return new Issued(pair.getPrivate(), convert(b.build(signer(key))));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("could not issue a certificate for " + subject, e);
        }
    }

    // ---- PEM

    public static String pem(X509Certificate cert) {
        return pem("CERTIFICATE", encoded(cert::getEncoded));
    }

    public static String pem(PrivateKey key) {
        return pem("PRIVATE KEY", key.getEncoded()); // PKCS#8, which JDK keys encode to
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    public static X509Certificate readCertificate(Path file) {
        try (var in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("could not read the certificate " + file, e);
        }
    }

    /** An EC private key from PKCS#8 PEM ({@code BEGIN PRIVATE KEY}), with the JDK alone. */
    public static PrivateKey readKey(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII)
                    .replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(text)));
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("could not read the private key " + file + " (expected PKCS#8 PEM, EC)", e);
        }
    }

    private static KeyPair newKeyPair(SecureRandom random) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), random);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC P-256 is missing from this JDK", e);
        }
    }

    /** A positive random serial of 127 bits, as RFC 5280 wants (at most 20 bytes, unpredictable). */
    private static BigInteger serial(SecureRandom random) {
        return new BigInteger(127, random).setBit(120);
    }

    private static ContentSigner signer(PrivateKey key) {
        try {
            return new JcaContentSignerBuilder(SIGNATURE).build(key);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException(SIGNATURE + " is missing from this JDK", e);
        }
    }

    private static X509Certificate convert(X509CertificateHolder holder) throws GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(holder);
    }

    private interface Der {
        byte[] get() throws Exception;
    }

    private static byte[] encoded(Der der) {
        try {
            return der.get();
        } catch (Exception e) {
            throw new IllegalStateException("could not encode", e);
        }
    }
}
