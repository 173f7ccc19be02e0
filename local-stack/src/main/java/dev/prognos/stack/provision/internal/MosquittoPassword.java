package dev.prognos.stack.provision.internal;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * One entry of a Mosquitto 2 password file, in the format {@code mosquitto_passwd} writes:
 * {@code username:$7$ITERATIONS$base64(salt)$base64(PBKDF2-HMAC-SHA512(password, salt, ITERATIONS, 64 bytes))}.
 *
 * <p>Computed with the JDK's PBKDF2 so provisioning needs no Mosquitto tools on the machine that
 * holds the CA; a known-answer test pins it to an entry {@code mosquitto_passwd} produced.
 */
public final class MosquittoPassword {

    /**
     * PBKDF2 rounds, mosquitto_passwd's own default. More would not add safety here: every
     * password {@link #random} makes has 128 random bits, far beyond any guessing, whereas each
     * round costs the broker CPU on every CONNECT (a fleet reconnecting at once after an outage).
     */
    public static final int ITERATIONS = 101;
    /** Salt length in bytes, as mosquitto_passwd writes it. */
    public static final int SALT_BYTES = 12;
    /** Hash length in bytes: one SHA-512 output. */
    public static final int HASH_BYTES = 64;
    /** Random bytes in a generated password: 128 bits. */
    public static final int PASSWORD_BYTES = 16;

    private static final String TAG = "$7$";

    private MosquittoPassword() {
    }

    /** A new random password: 128 bits from {@code random}, base64url without padding (22 characters). */
    public static String random(SecureRandom random) {
        byte[] bytes = new byte[PASSWORD_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The hash part (after {@code username:}) for {@code password} with a fresh salt. */
    public static String hash(String password, SecureRandom random) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return hash(password, salt, ITERATIONS);
    }

    /** The hash part with a given salt and rounds; public for the known-answer test. */
    public static String hash(String password, byte[] salt, int iterations) {
        return TAG + iterations + "$" + Base64.getEncoder().encodeToString(salt) + "$"
                + Base64.getEncoder().encodeToString(pbkdf2(password, salt, iterations));
    }

    /** Whether {@code password} matches the hash part of an entry (the broker's check, for tests and tools). */
    public static boolean matches(String hashPart, String password) {
        String[] parts = hashPart.split("\\$", -1);
        // "", "7", iterations, salt, hash
        if (parts.length != 5 || !parts[0].isEmpty() || !parts[1].equals("7")) {
            throw new IllegalArgumentException("not a Mosquitto $7$ (PBKDF2-SHA512) password hash: " + hashPart);
        }
        int iterations = Integer.parseInt(parts[2]);
        byte[] salt = Base64.getDecoder().decode(parts[3]);
        byte[] expected = Base64.getDecoder().decode(parts[4]);
        return MessageDigest.isEqual(expected, pbkdf2(password, salt, iterations));
    }

    private static byte[] pbkdf2(String password, byte[] salt, int iterations) {
        char[] chars = password.toCharArray();
        PBEKeySpec spec = new PBEKeySpec(chars, salt, iterations, HASH_BYTES * 8);
        try {
            // SunJCE feeds the password to HMAC as UTF-8, as Mosquitto does with its C string.
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA512 is missing from this JDK", e);
        } finally {
            spec.clearPassword();
            Arrays.fill(chars, '\0');
        }
    }
}
