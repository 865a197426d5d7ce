package dev.duplex.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.websocket.auth.PasswordHash;
import dev.duplex.websocket.auth.internal.UserFile;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code duplex hash-password} with the password on standard input (no terminal in tests). */
class HashPasswordCommandTest {
    private final InputStream stdin = System.in;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @AfterEach
    void restoreStdin() {
        System.setIn(stdin);
    }

    private int run(String input, String... args) {
        System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
        return DuplexCommand.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void printsAPbkdf2HashOfTheFirstLineOfStandardInput() {
        assertThat(run("s3cret\n", "hash-password", "--iterations", "1000")).isZero();
        String hash = out.toString().strip();
        assertThat(hash).startsWith("$pbkdf2-sha256$i=1000$");
        assertThat(PasswordHash.matches("s3cret".toCharArray(), hash)).isTrue();
    }

    @Test
    void printsABcryptHashWhenAsked() {
        assertThat(run("s3cret\n", "hash-password", "--algorithm", "bcrypt", "--cost", "4")).isZero();
        String hash = out.toString().strip();
        assertThat(hash).startsWith("$2b$04$");
        assertThat(PasswordHash.matches("s3cret".toCharArray(), hash)).isTrue();
    }

    @Test
    void printsAWholeUserFileLineWithUserAndScopes() {
        assertThat(run("s3cret\n", "hash-password", "--iterations", "1000", "--user", "alice",
                "--scopes", "write,update")).isZero();
        assertThat(out.toString().strip()).startsWith("alice:$pbkdf2-sha256$").endsWith(":write,update");
    }

    @Test
    void aPrintedLineWithScopesThatContainColonsIsReadBackByTheUserFileParser() {
        assertThat(run("s3cret\n", "hash-password", "--iterations", "1000", "--user", "alice",
                "--scopes", "ws:connect,urn:example:chat:write")).isZero();

        Map<String, UserFile.User> users = UserFile.parse(List.of(out.toString().strip()), "printed line");
        assertThat(users.get("alice").scopes()).isEqualTo(Set.of("ws:connect", "urn:example:chat:write"));
        assertThat(PasswordHash.matches("s3cret".toCharArray(), users.get("alice").passwordHash())).isTrue();
    }

    @Test
    void aPrintedLineWithoutScopesIsReadBackByTheUserFileParser() {
        assertThat(run("s3cret\n", "hash-password", "--algorithm", "bcrypt", "--cost", "4", "--user", "bob"))
                .isZero();

        Map<String, UserFile.User> users = UserFile.parse(List.of(out.toString().strip()), "printed line");
        assertThat(users.get("bob").scopes()).isEmpty();
    }

    @Test
    void refusesAUserNameTheFileWouldReadAsACommentNamingTheOption() {
        assertThat(run("s3cret\n", "hash-password", "--iterations", "1000", "--user", "#alice")).isEqualTo(1);
        assertThat(err.toString()).contains("--user").contains("#alice");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void refusesAUserNameWithAColonOrSurroundingBlanks() {
        assertThat(run("s3cret\n", "hash-password", "--iterations", "1000", "--user", "al:ice")).isEqualTo(1);
        assertThat(run("s3cret\n", "hash-password", "--iterations", "1000", "--user", " alice")).isEqualTo(1);
        assertThat(err.toString()).contains("--user");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void refusesAScopeTheFileCannotCarryNamingTheOptionAndTheScope() {
        assertThat(run("s3cret\n", "hash-password", "--iterations", "1000", "--user", "alice",
                "--scopes", "read,,write")).isEqualTo(1);
        assertThat(run("s3cret\n", "hash-password", "--iterations", "1000", "--user", "alice",
                "--scopes", "read, write")).isEqualTo(1);
        assertThat(err.toString()).contains("--scopes").contains("' write'");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void refusesAnEmptyPassword() {
        assertThat(run("\n", "hash-password")).isEqualTo(1);
        assertThat(err.toString()).contains("the password is empty");
    }

    @Test
    void refusesScopesWithoutAUserNamingBothOptions() {
        assertThat(run("s3cret\n", "hash-password", "--iterations", "1000", "--scopes", "write")).isEqualTo(2);
        assertThat(err.toString()).contains("--scopes", "--user");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void refusesACostWithPbkdf2() {
        assertThat(run("s3cret\n", "hash-password", "--cost", "10")).isEqualTo(2);
        assertThat(err.toString()).contains("--cost", "bcrypt", "pbkdf2");
    }

    @Test
    void refusesIterationsWithBcrypt() {
        assertThat(run("s3cret\n", "hash-password", "--algorithm", "bcrypt", "--iterations", "1000")).isEqualTo(2);
        assertThat(err.toString()).contains("--iterations", "pbkdf2", "bcrypt");
    }
}
