package dev.prognos.core.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Ed25519 signing keys in files, with the JDK's own EdDSA (no extra library). Files are PEM, the
 * same as {@code openssl genpkey -algorithm ed25519} writes: the private key as PKCS#8
 * ({@code -----BEGIN PRIVATE KEY-----}), the public key as X.509 SubjectPublicKeyInfo
 * ({@code -----BEGIN PUBLIC KEY-----}). A private key file is created readable by its owner only
 * (600) where the file system has POSIX permissions.
 */
public final class ModelKeys {

    public static final String ALGORITHM = "Ed25519";
    /** Default file names inside a key directory. */
    public static final String PRIVATE_FILE = "model-signing.key";
    public static final String PUBLIC_FILE = "model-signing.pub";

    private ModelKeys() {
    }

    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no Ed25519", e);
        }
    }

    /**
     * The key id an artifact's signature names: {@code ed25519:} and the first 16 hex digits of the
     * SHA-256 of the public key's X.509 encoding.
     */
    public static String keyId(PublicKey key) {
        return "ed25519:" + ModelJson.sha256Hex(key.getEncoded()).substring(0, 16);
    }

    public static void writePrivate(PrivateKey key, Path file) throws IOException {
        writePem(file, "PRIVATE KEY", key.getEncoded(), true);
    }

    public static void writePublic(PublicKey key, Path file) throws IOException {
        writePem(file, "PUBLIC KEY", key.getEncoded(), false);
    }

    /** @throws IOException naming the file when it is missing or not an Ed25519 private key in PEM */
    public static PrivateKey readPrivate(Path file) throws IOException {
        byte[] der = readPem(file, "PRIVATE KEY");
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IOException(file + " is not an Ed25519 private key: " + e.getMessage(), e);
        }
    }

    /** @throws IOException naming the file when it is missing or not an Ed25519 public key in PEM */
    public static PublicKey readPublic(Path file) throws IOException {
        byte[] der = readPem(file, "PUBLIC KEY");
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IOException(file + " is not an Ed25519 public key: " + e.getMessage(), e);
        }
    }

    /**
     * The trusted public keys in {@code path}, by {@link #keyId}: one PEM file ({@code BEGIN PUBLIC
     * KEY}, as {@code ./prognos keys init} writes {@value #PUBLIC_FILE}), or a directory whose
     * {@code *.pub} and {@code *.pem} files are each one such key (several keys while one is rotated).
     *
     * @throws IOException naming the path when it is missing, a directory without keys, or a file
     *                     that is not an Ed25519 public key
     */
    public static Map<String, PublicKey> readTrusted(Path path) throws IOException {
        List<Path> files;
        if (Files.isDirectory(path)) {
            try (Stream<Path> list = Files.list(path)) {
                files = list.filter(p -> p.toString().endsWith(".pub") || p.toString().endsWith(".pem")).sorted().toList();
            }
            if (files.isEmpty()) {
                throw new IOException(path + " holds no *.pub or *.pem public key file");
            }
        } else {
            files = List.of(path);
        }
        Map<String, PublicKey> keys = new TreeMap<>();
        for (Path f : files) {
            PublicKey key = readPublic(f);
            keys.put(keyId(key), key);
        }
        return keys;
    }

    private static void writePem(Path file, String type, byte[] der, boolean secret) throws IOException {
        String pem = "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        Files.deleteIfExists(file);
        if (posix) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString(secret ? "rw-------" : "rw-r--r--")));
        }
        Files.writeString(file, pem, StandardCharsets.US_ASCII);
    }

    private static byte[] readPem(Path file, String type) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int b = text.indexOf(begin);
        int e = text.indexOf(end);
        if (b < 0 || e < b) {
            throw new IOException(file + " has no '" + begin + "' block");
        }
        try {
            return Base64.getMimeDecoder().decode(text.substring(b + begin.length(), e));
        } catch (IllegalArgumentException ex) {
            throw new IOException(file + " has a PEM block that is not base64: " + ex.getMessage(), ex);
        }
    }
}
