package dev.duplex.websocket.auth.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The current token of a client configuration, renewed before it expires. Reconnecting clients ask for the header at
 * every connect, so a client that reconnects an hour later presents a fresh token, not the one it started with.
 *
 * <p>Thread safety: {@link #current} is guarded by {@link #lock}; a renewal holds the lock during the call to the
 * token endpoint, so threads connecting at once wait for one new token rather than each fetching their own.
 */
public final class RenewingToken {
    /** Obtains a new token; {@code previous} (possibly {@code null}) may offer a refresh token. */
    public interface Issuer {
        IssuedToken issue(IssuedToken previous);
    }

    private final Issuer issuer;
    private final Clock clock;
    private final Duration clockSkew;
    private final ReentrantLock lock = new ReentrantLock();
    /** Guarded by {@link #lock}. */
    private IssuedToken current;

    public RenewingToken(Issuer issuer, Clock clock, Duration clockSkew) {
        this.issuer = issuer;
        this.clock = clock;
        this.clockSkew = clockSkew;
    }

    /** The token to use now, obtaining a new one first when there is none or it is close to expiring. */
    public String accessToken() {
        lock.lock();
        try {
            if (current == null || current.needsRenewal(clock.instant(), clockSkew)) {
                current = issuer.issue(current);
            }
            return current.accessToken();
        } finally {
            lock.unlock();
        }
    }
}
