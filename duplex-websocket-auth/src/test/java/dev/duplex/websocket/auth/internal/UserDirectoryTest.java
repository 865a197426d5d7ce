package dev.duplex.websocket.auth.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.websocket.auth.PasswordHash;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The hash checked for a name a user file does not list costs what the file's own hashes cost, so response time does
 * not tell which names exist.
 */
class UserDirectoryTest {
    private static UserDirectory directory(String... lines) {
        return new UserDirectory(UserFile.parse(List.of(lines), "users.txt"));
    }

    private static String pbkdf2(int iterations) {
        return PasswordHash.pbkdf2("pw".toCharArray(), iterations);
    }

    @Test
    void anUnknownNameIsCheckedWithTheIterationsOfTheFilesPbkdf2Hashes() {
        UserDirectory users = directory("alice:" + pbkdf2(600_000), "bob:" + pbkdf2(600_000));

        assertThat(HashCost.of(users.hashToCheck("mallory")))
                .isEqualTo(HashCost.of(users.hashToCheck("alice")))
                .isEqualTo(new HashCost("pbkdf2-sha256", 600_000));
    }

    @Test
    void anUnknownNameIsCheckedWithTheCostOfTheFilesBcryptHashes() {
        UserDirectory users = directory("dora:" + PasswordHash.bcrypt("pw".toCharArray(), 5));

        assertThat(HashCost.of(users.hashToCheck("mallory"))).isEqualTo(new HashCost("bcrypt", 5));
    }

    @Test
    void inAMixedFileAnUnknownNameCostsWhatMostEntriesCost() {
        UserDirectory users = directory("alice:" + pbkdf2(2000), "bob:" + pbkdf2(3000), "carol:" + pbkdf2(3000));

        assertThat(HashCost.of(users.hashToCheck("mallory"))).isEqualTo(new HashCost("pbkdf2-sha256", 3000));
    }

    @Test
    void aFileWithoutUsersChecksUnknownNamesAtTheDefaultCost() {
        assertThat(HashCost.of(directory("# nobody yet").hashToCheck("mallory")))
                .isEqualTo(new HashCost("pbkdf2-sha256", PasswordHash.DEFAULT_PBKDF2_ITERATIONS));
    }
}
