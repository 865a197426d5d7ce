package dev.duplex.websocket.auth.internal;

import dev.duplex.websocket.auth.PasswordHash;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The user file of a {@code FileUserStoreConfig}: one user a line, {@code name:hash[:scope,scope…]}; blank lines and
 * lines starting with {@code #} are ignored. The hash is a {@link PasswordHash} (PBKDF2 or bcrypt); a password in
 * plain text is refused with the line number, so a file never silently stores one.
 *
 * <p>Neither a name (as in Basic itself, RFC 7617) nor a hash contains {@code :}, so the scopes are everything after
 * the second {@code :} and may contain colons themselves ({@code ws:connect}); they are separated by commas and
 * stripped of surrounding blanks.
 */
public final class UserFile {
    /** One user: the name, the encoded password hash, the scopes. */
    public record User(String name, String passwordHash, Set<String> scopes) {
        @Override
        public String toString() {
            return "User[name=" + name + ", scopes=" + scopes + "]";
        }
    }

    private UserFile() {
    }

    /**
     * Parses the lines of a user file.
     *
     * @param source names the file in error messages
     * @throws IllegalArgumentException naming the source and the line of the first mistake
     */
    public static Map<String, User> parse(List<String> lines, String source) {
        Map<String, User> users = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = source + " line " + (i + 1);
            String[] fields = line.split(":", 3);
            if (fields.length < 2) {
                throw new IllegalArgumentException(where + ": expected name:hash[:scopes], got no ':'");
            }
            String name = fields[0].strip();
            String hash = fields[1].strip();
            if (name.isEmpty()) {
                throw new IllegalArgumentException(where + ": the user name is empty");
            }
            if (!PasswordHash.isRecognised(hash)) {
                throw new IllegalArgumentException(where + ": the password of '" + name + "' is not a recognised"
                        + " hash ($pbkdf2-sha256$... or $2a$/$2b$/$2y$...); plain-text passwords are refused — make a"
                        + " hash with `duplex hash-password`");
            }
            Set<String> scopes = new LinkedHashSet<>();
            if (fields.length == 3) {
                Arrays.stream(fields[2].split(",")).map(String::strip).filter(s -> !s.isEmpty())
                        .forEach(scopes::add);
            }
            if (users.put(name, new User(name, hash, Set.copyOf(scopes))) != null) {
                throw new IllegalArgumentException(where + ": user '" + name + "' appears twice");
            }
        }
        return Map.copyOf(users);
    }
}
