package dev.duplex.websocket.auth.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duplex.websocket.auth.PasswordHash;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UserFileTest {
    private static final String HASH = PasswordHash.pbkdf2("pw".toCharArray(), 1000);

    @Test
    void readsNamesHashesAndCommaSeparatedScopesSkippingCommentsAndBlankLines() {
        Map<String, UserFile.User> users = UserFile.parse(List.of(
                "# users", "", "alice:" + HASH + ":write, update", "  bob:" + HASH + "  ", "carol:" + HASH + ":"),
                "users.txt");
        assertThat(users.get("alice").scopes()).isEqualTo(Set.of("write", "update"));
        assertThat(users.get("bob").scopes()).isEmpty();
        assertThat(users.get("carol").scopes()).isEmpty();
        assertThat(users.get("alice").passwordHash()).isEqualTo(HASH);
    }

    @Test
    void refusesAPlainTextPasswordNamingTheLine() {
        assertThatThrownBy(() -> UserFile.parse(List.of("# users", "alice:secret:write"), "users.txt"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("users.txt line 2")
                .hasMessageContaining("plain-text passwords are refused")
                .hasMessageContaining("duplex hash-password");
    }

    @Test
    void readsScopesThatContainColonsSinceNeitherTheNameNorTheHashHasOne() {
        Map<String, UserFile.User> users = UserFile.parse(List.of(
                "alice:" + HASH + ":ws:connect, urn:example:chat:write"), "users.txt");
        assertThat(users.get("alice").scopes()).isEqualTo(Set.of("ws:connect", "urn:example:chat:write"));
        assertThat(users.get("alice").passwordHash()).isEqualTo(HASH);
    }

    @Test
    void refusesALineWithoutAHash() {
        assertThatThrownBy(() -> UserFile.parse(List.of("# users", "alice"), "users.txt"))
                .hasMessageContaining("line 2").hasMessageContaining("name:hash[:scopes]");
    }

    @Test
    void refusesAUserListedTwice() {
        assertThatThrownBy(() -> UserFile.parse(List.of("alice:" + HASH, "alice:" + HASH), "users.txt"))
                .hasMessageContaining("line 2").hasMessageContaining("appears twice");
    }

    @Test
    void refusesAnEmptyName() {
        assertThatThrownBy(() -> UserFile.parse(List.of(":" + HASH), "users.txt"))
                .hasMessageContaining("user name is empty");
    }

    @Test
    void theToStringOfAUserHidesItsHash() {
        assertThat(UserFile.parse(List.of("alice:" + HASH), "f").get("alice").toString()).doesNotContain(HASH);
    }
}
