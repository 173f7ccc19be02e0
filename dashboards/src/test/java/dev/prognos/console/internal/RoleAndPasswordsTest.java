package dev.prognos.console.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RoleAndPasswordsTest {

    @ParameterizedTest
    @CsvSource({"viewer, viewer", "TECHNICIAN, technician;viewer", " admin , admin;technician;viewer"})
    void shouldGrantTheRoleAndEveryOneBelowIt(String name, String grants) {
        assertThat(Role.parse(name).grants()).containsExactlyInAnyOrder(grants.split(";"));
    }

    @Test
    void shouldNameTheValidRoles() {
        assertThatThrownBy(() -> Role.parse("root")).hasMessage("role must be viewer, technician or admin, got 'root'");
    }

    @Test
    void shouldMatchOnlyTheRightPasswordAgainstItsBcryptHash() {
        String hash = Passwords.hash("correct horse".toCharArray());
        assertThat(hash).startsWith("$2a$10$").doesNotContain("correct horse");
        assertThat(Passwords.matches("correct horse".toCharArray(), hash)).isTrue();
        assertThat(Passwords.matches("correct horsE".toCharArray(), hash)).isFalse();
        assertThat(Passwords.matches("correct horse".toCharArray(), "not a hash")).isFalse();
        assertThat(Passwords.hash("correct horse".toCharArray())).as("salted").isNotEqualTo(hash);
    }

    @Test
    void shouldRefuseAShortPassword() {
        assertThatThrownBy(() -> Passwords.hash("short".toCharArray()))
                .hasMessage("password: at least 10 characters, got 5");
    }
}
