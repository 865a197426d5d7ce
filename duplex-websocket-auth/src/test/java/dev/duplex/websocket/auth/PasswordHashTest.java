package dev.duplex.websocket.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PasswordHashTest {
    private static final char[] SECRET = "correct horse battery staple".toCharArray();

    @Test
    void aPbkdf2HashHasThePhcFormatAndMatchesItsPassword() {
        String hash = PasswordHash.pbkdf2(SECRET, 1000);
        assertThat(hash).matches("\\$pbkdf2-sha256\\$i=1000\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        assertThat(PasswordHash.matches(SECRET, hash)).isTrue();
        assertThat(PasswordHash.matches("wrong".toCharArray(), hash)).isFalse();
    }

    @Test
    void theDefaultPbkdf2HashUses600000Iterations() {
        assertThat(PasswordHash.pbkdf2(SECRET)).startsWith("$pbkdf2-sha256$i=600000$");
    }

    @Test
    void twoHashesOfOnePasswordDifferByTheirSalt() {
        assertThat(PasswordHash.pbkdf2(SECRET, 1000)).isNotEqualTo(PasswordHash.pbkdf2(SECRET, 1000));
    }

    @Test
    void aBcryptHashMatchesItsPassword() {
        String hash = PasswordHash.bcrypt(SECRET, 4);
        assertThat(hash).startsWith("$2b$04$").hasSize(60);
        assertThat(PasswordHash.matches(SECRET, hash)).isTrue();
        assertThat(PasswordHash.matches("wrong".toCharArray(), hash)).isFalse();
    }

    @Test
    void aBcryptHashMadeByOtherToolsIsRecognised() {
        // $2y$ as made by `htpasswd -B`, and $2a$ as made by many libraries: same algorithm.
        String hash = PasswordHash.bcrypt(SECRET, 4);
        assertThat(PasswordHash.matches(SECRET, "$2y$" + hash.substring(4))).isTrue();
        assertThat(PasswordHash.matches(SECRET, "$2a$" + hash.substring(4))).isTrue();
    }

    @Test
    void aPlainTextPasswordIsNotARecognisedHash() {
        assertThat(PasswordHash.isRecognised("secret")).isFalse();
        assertThatThrownBy(() -> PasswordHash.matches(SECRET, "secret"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duplex hash-password");
    }

    @Test
    void anEmptyPasswordNeverMatchesAndCannotBeHashed() {
        String hash = PasswordHash.pbkdf2(SECRET, 1000);
        assertThat(PasswordHash.matches(new char[0], hash)).isFalse();
        assertThatThrownBy(() -> PasswordHash.pbkdf2(new char[0])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bcryptRefusesPasswordsLongerThan72Bytes() {
        assertThatThrownBy(() -> PasswordHash.bcrypt("x".repeat(73).toCharArray(), 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("72 bytes");
    }

    @Test
    void tooFewPbkdf2IterationsAreRefused() {
        assertThatThrownBy(() -> PasswordHash.pbkdf2(SECRET, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1000");
    }
}
