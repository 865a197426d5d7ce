package dev.duplex.websocket.auth;

import dev.duplex.websocket.Authenticator;
import dev.duplex.websocket.ListenerAuthConfig;
import dev.duplex.websocket.auth.internal.FileUserStoreAuthenticator;
import dev.duplex.websocket.auth.internal.LoggedRefusals;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Basic authentication against a {@link FileUserStoreConfig user file} (spec §5.2,
 * {@code FileUserStoreConfigWithScopes}): the user's scopes are those listed in the file.
 *
 * <p>A request without {@code Authorization: Basic} is left to the next entry of the service's {@code auth} list; a
 * wrong name or password is refused (401 with {@code WWW-Authenticate: Basic realm="…", charset="UTF-8"} unless a
 * later entry accepts). Each check costs one slow hash (by design, against guessing).
 *
 * <p>Thread safety: immutable; the authenticator it builds is safe for concurrent upgrades.
 *
 * @param fileUserStoreConfig the file
 * @param scopes              the scopes of which the user needs any one; empty: any user of the file
 */
public record FileUserStoreConfigWithScopes(FileUserStoreConfig fileUserStoreConfig, List<String> scopes)
        implements ListenerAuthConfig {
    /**
     * A user file and the scopes it requires.
     *
     * @param fileUserStoreConfig the file; not {@code null}
     * @param scopes              the scopes of which the user needs any one; not {@code null}; empty for any user
     * @throws NullPointerException when a value is {@code null}
     */
    public FileUserStoreConfigWithScopes {
        Objects.requireNonNull(fileUserStoreConfig, "fileUserStoreConfig must not be null");
        scopes = List.copyOf(Objects.requireNonNull(scopes, "scopes must not be null"));
    }

    /**
     * The user file {@code path} (default realm and reload interval), requiring any of {@code scopes}.
     *
     * @param path   the user file; not {@code null}
     * @param scopes the scopes of which the user needs any one; none for any user
     * @return the configuration
     */
    public static FileUserStoreConfigWithScopes of(Path path, String... scopes) {
        return new FileUserStoreConfigWithScopes(FileUserStoreConfig.of(path), List.of(scopes));
    }

    /**
     * Reads the file and builds the authenticator.
     *
     * @return the authenticator, which reads the file again when it changes
     * @throws java.io.UncheckedIOException when the file cannot be read
     * @throws IllegalArgumentException     when the file holds a mistake (the message names the line)
     */
    @Override
    public Authenticator newAuthenticator() {
        return LoggedRefusals.of(new FileUserStoreAuthenticator(fileUserStoreConfig), "Basic (user file)");
    }
}
