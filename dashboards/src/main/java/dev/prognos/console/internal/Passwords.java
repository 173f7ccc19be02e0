package dev.prognos.console.internal;

import io.quarkus.elytron.security.common.BcryptUtil;
import java.security.GeneralSecurityException;
import org.wildfly.security.password.Password;
import org.wildfly.security.password.PasswordFactory;
import org.wildfly.security.password.WildFlyElytronPasswordProvider;
import org.wildfly.security.password.interfaces.BCryptPassword;
import org.wildfly.security.password.util.ModularCrypt;

/** bcrypt password hashes in modular crypt format ({@code $2a$12$...}), through Elytron. */
public final class Passwords {

    /**
     * bcrypt cost: 2^10 rounds (OWASP's minimum), about 60 ms per check on this 2-core machine.
     * Basic auth checks the password on every API request, so a higher cost slows every call.
     */
    public static final int COST = 10;
    /** Shorter passwords are refused. */
    public static final int MIN_LENGTH = 10;

    private static final WildFlyElytronPasswordProvider PROVIDER = new WildFlyElytronPasswordProvider();

    private Passwords() {
    }

    /** @throws IllegalArgumentException when the password is shorter than {@link #MIN_LENGTH} */
    public static String hash(char[] password) {
        if (password.length < MIN_LENGTH) {
            throw new IllegalArgumentException("password: at least " + MIN_LENGTH + " characters, got " + password.length);
        }
        return BcryptUtil.bcryptHash(new String(password), COST);
    }

    /** True when {@code password} matches {@code hash}; false for any other hash or a malformed one. */
    public static boolean matches(char[] password, String hash) {
        try {
            Password stored = ModularCrypt.decode(hash);
            if (!(stored instanceof BCryptPassword)) {
                return false;
            }
            PasswordFactory factory = PasswordFactory.getInstance(BCryptPassword.ALGORITHM_BCRYPT, PROVIDER);
            return factory.verify(factory.translate(stored), password);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }
}
