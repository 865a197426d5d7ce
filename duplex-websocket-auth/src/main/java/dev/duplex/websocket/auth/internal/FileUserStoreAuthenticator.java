package dev.duplex.websocket.auth.internal;

import dev.duplex.websocket.internal.time.SaturatingDurations;
import dev.duplex.websocket.AuthenticatedPrincipal;
import dev.duplex.websocket.AuthenticationException;
import dev.duplex.websocket.Authenticator;
import dev.duplex.websocket.UpgradeRequest;
import dev.duplex.websocket.auth.FileUserStoreConfig;
import dev.duplex.websocket.auth.PasswordHash;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Basic authentication against a user file that is read again when it changes.
 *
 * <p>Every refusal costs one check of a slow hash, whether or not the name exists: see {@link UserDirectory}.
 *
 * <p>Thread safety: {@link #users} is a volatile immutable snapshot read by any number of upgrades; reloading is
 * done by one upgrade at a time under {@link #reloading} (others keep using the snapshot meanwhile).
 */
public final class FileUserStoreAuthenticator implements Authenticator {
    private static final Logger LOG = LoggerFactory.getLogger(FileUserStoreAuthenticator.class);

    private record Version(long modifiedMillis, long size) {
    }

    private final FileUserStoreConfig config;
    private final String challenge;
    private final ReentrantLock reloading = new ReentrantLock();
    private volatile UserDirectory users;
    /** Guarded by {@link #reloading}. */
    private Version version;
    /** Written under {@link #reloading}; read without it to decide whether to try the lock. */
    private volatile long lastCheckNanos;

    public FileUserStoreAuthenticator(FileUserStoreConfig config) {
        this.config = config;
        this.challenge = "Basic realm=\"" + config.realm() + "\", charset=\"UTF-8\"";
        this.version = currentVersion();
        this.users = read();
        this.lastCheckNanos = System.nanoTime();
    }

    @Override
    public AuthenticatedPrincipal authenticate(UpgradeRequest request) {
        BasicCredentials credentials = BasicCredentials.of(request);
        if (credentials == null) {
            return null;
        }
        reloadIfChanged();
        UserDirectory directory = users;
        char[] password = credentials.password().toCharArray();
        boolean matches = PasswordHash.matches(password, directory.hashToCheck(credentials.username()));
        java.util.Arrays.fill(password, '\0');
        UserFile.User user = directory.user(credentials.username());
        if (user == null || !matches) {
            throw new AuthenticationException("invalid user name or password for '" + credentials.username() + "'");
        }
        return new AuthenticatedPrincipal(user.name(), user.scopes(), Map.of("mechanism", "file-user-store"));
    }

    @Override
    public String challenge() {
        return challenge;
    }

    private void reloadIfChanged() {
        long now = System.nanoTime();
        if (now - lastCheckNanos < SaturatingDurations.toNanos(config.reloadCheckInterval()) || !reloading.tryLock()) {
            return;
        }
        try {
            if (now - lastCheckNanos < SaturatingDurations.toNanos(config.reloadCheckInterval())) {
                return;
            }
            lastCheckNanos = now;
            Version current;
            try {
                current = currentVersion();
            } catch (UncheckedIOException e) {
                LOG.error("cannot look at user file {}; keeping the {} users read before: {}", config.path(),
                        users.size(), e.getMessage());
                return;
            }
            if (current.equals(version)) {
                return;
            }
            try {
                users = read();
                version = current;
                LOG.info("user file {} changed: {} users", config.path(), users.size());
            } catch (RuntimeException e) {
                version = current;
                LOG.error("user file {} changed but cannot be used; keeping the {} users read before: {}",
                        config.path(), users.size(), e.getMessage());
            }
        } finally {
            reloading.unlock();
        }
    }

    private Version currentVersion() {
        try {
            BasicFileAttributes attributes = Files.readAttributes(config.path(), BasicFileAttributes.class);
            return new Version(attributes.lastModifiedTime().toMillis(), attributes.size());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read user file " + config.path() + ": " + e.getMessage(), e);
        }
    }

    private UserDirectory read() {
        try {
            return new UserDirectory(UserFile.parse(Files.readAllLines(config.path(), StandardCharsets.UTF_8),
                    config.path().toString()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read user file " + config.path() + ": " + e.getMessage(), e);
        }
    }
}
