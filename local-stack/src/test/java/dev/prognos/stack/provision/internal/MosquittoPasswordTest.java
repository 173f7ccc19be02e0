package dev.prognos.stack.provision.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MosquittoPasswordTest {

    /** Entries written by Debian's mosquitto_passwd 2.0.11 ({@code mosquitto_passwd -b FILE USER PASSWORD}). */
    @ParameterizedTest(name = "{0} / {1}")
    @CsvSource(delimiter = '|', value = {
        "u1|secret|$7$101$pJTggr7gZsa7VFMq$3ZAdy/vIALh7UHB993mgXx2GN2PuwGo2LbVqsPSGUAJW5y5GUy+ibwF7tQtX3donneBOaM2M2UgXBrUK2lviJw==",
    })
    void shouldComputeTheSameHashAsMosquittoPasswdForTheSameSalt(String user, String password, String entry) {
        String[] parts = entry.split("\\$");
        byte[] salt = Base64.getDecoder().decode(parts[3]);

        assertThat(MosquittoPassword.hash(password, salt, Integer.parseInt(parts[2]))).isEqualTo(entry);
        assertThat(MosquittoPassword.matches(entry, password)).isTrue();
        assertThat(MosquittoPassword.matches(entry, password + "x")).isFalse();
    }

    @Test
    void shouldWriteTheDollarSevenFormatWithMosquittosRoundsSaltAndHashLengths() {
        String hash = MosquittoPassword.hash("correct horse", new SecureRandom());

        assertThat(hash).matches("\\$7\\$101\\$[A-Za-z0-9+/]{16}\\$[A-Za-z0-9+/]{86}==");
        String[] parts = hash.split("\\$");
        assertThat(Base64.getDecoder().decode(parts[3])).hasSize(MosquittoPassword.SALT_BYTES);
        assertThat(Base64.getDecoder().decode(parts[4])).hasSize(MosquittoPassword.HASH_BYTES);
    }

    @Test
    void shouldSaltEachHashSoTheSamePasswordHashesDifferently() {
        SecureRandom random = new SecureRandom();
        String a = MosquittoPassword.hash("same", random);
        String b = MosquittoPassword.hash("same", random);

        assertThat(a).isNotEqualTo(b);
        assertThat(MosquittoPassword.matches(a, "same")).isTrue();
        assertThat(MosquittoPassword.matches(b, "same")).isTrue();
    }

    @Test
    void shouldMakeRandomPasswordsOf128BitsThatNeedNoQuoting() {
        SecureRandom random = new SecureRandom();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String p = MosquittoPassword.random(random);
            assertThat(p).matches("[A-Za-z0-9_-]{22}");
            assertThat(Base64.getUrlDecoder().decode(p)).hasSize(16);
            seen.add(p);
        }
        assertThat(seen).hasSize(200);
    }

    @ParameterizedTest
    @CsvSource({"$6$abc$def", "plain", "$7$101$onlysalt"})
    void shouldRefuseHashesThatAreNotDollarSeven(String notOurs) {
        assertThatThrownBy(() -> MosquittoPassword.matches(notOurs, "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("$7$");
    }
}
