package dev.duplex.websocket.auth;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * A user store in a file (Basic authentication, RFC 7617): users, password hashes and scopes. The reference reads
 * plain-text passwords from {@code Config.toml}; here the file holds only {@link PasswordHash hashes}.
 *
 * <p>File format, UTF-8, one user a line; blank lines and lines starting with {@code #} are ignored:
 * <pre>
 * # name:hash[:scope,scope...]
 * alice:$pbkdf2-sha256$i=600000$3bO2yT0Yw1p0Hn7mJ0Qj3Q$0t9b...:write,update
 * bob:$2b$12$C6UzMDM.H6dfI/f/IKxGhu...:read
 * </pre>
 * The name may hold any character but {@code :}; {@code duplex hash-password} prints the hash. The file is read
 * when the service is attached (a mistake fails {@code attach}, naming the line) and read again when it changes:
 * its modification time and size are looked at, at most once per {@code reloadCheckInterval}, on the thread of an
 * upgrade. A file that no longer parses is logged and the previous users stay in force.
 *
 * <p>Thread safety: immutable.
 *
 * @param path                the user file
 * @param realm               the realm of the {@code WWW-Authenticate: Basic realm="…"} challenge; default "duplex"
 * @param reloadCheckInterval how often at most the file is looked at for changes; default 1 s;
 *                            {@link Duration#ZERO} looks at every upgrade
 */
public record FileUserStoreConfig(Path path, String realm, Duration reloadCheckInterval) {
    /** The default realm: "duplex". */
    public static final String DEFAULT_REALM = "duplex";
    /** The default reload check interval: 1 s. */
    public static final Duration DEFAULT_RELOAD_CHECK_INTERVAL = Duration.ofSeconds(1);

    /**
     * A user file; nothing is read yet (that happens when the service is attached).
     *
     * @param path                the user file; not {@code null}
     * @param realm               the realm of the challenge; no {@code "} or {@code \}
     * @param reloadCheckInterval how often at most the file is looked at for changes; not negative
     * @throws IllegalArgumentException when the realm holds {@code "} or {@code \}, or the interval is negative
     * @throws NullPointerException     when a value is {@code null}
     */
    public FileUserStoreConfig {
        Objects.requireNonNull(path, "path must not be null");
        Objects.requireNonNull(realm, "realm must not be null");
        if (realm.contains("\"") || realm.contains("\\")) {
            throw new IllegalArgumentException("realm must not contain '\"' or '\\', was " + realm);
        }
        Objects.requireNonNull(reloadCheckInterval, "reloadCheckInterval must not be null");
        if (reloadCheckInterval.isNegative()) {
            throw new IllegalArgumentException("reloadCheckInterval cannot be negative, was " + reloadCheckInterval);
        }
    }

    /**
     * The user file {@code path} with the default realm and reload interval.
     *
     * @param path the user file; not {@code null}
     * @return the configuration
     */
    public static FileUserStoreConfig of(Path path) {
        return new FileUserStoreConfig(path, DEFAULT_REALM, DEFAULT_RELOAD_CHECK_INTERVAL);
    }
}
