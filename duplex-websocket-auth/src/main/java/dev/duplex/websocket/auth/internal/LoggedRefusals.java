package dev.duplex.websocket.auth.internal;

import dev.duplex.websocket.AuthenticatedPrincipal;
import dev.duplex.websocket.AuthenticationException;
import dev.duplex.websocket.Authenticator;
import dev.duplex.websocket.UpgradeRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link Authenticator} whose refusals tell the client only that its credentials are invalid, while the reason
 * goes to the log. The reason of a refusal (an expected issuer or audience, the server's clock and skew, the source
 * of a key, a directory's address) helps an operator and an attacker alike, and the listener puts a refusal's
 * message in the 401's body; so the message becomes {@value #REFUSAL}, the reason is logged at INFO by this class's
 * logger, with the mechanism, and kept as the refusal's cause.
 *
 * <p>Thread safety: as safe as the authenticator it wraps; it adds no state.
 */
public final class LoggedRefusals implements Authenticator {
    /** The whole reason a refused client is given. */
    public static final String REFUSAL = "invalid credentials";
    private static final Logger LOG = LoggerFactory.getLogger(LoggedRefusals.class);

    private final Authenticator delegate;
    private final String mechanism;

    private LoggedRefusals(Authenticator delegate, String mechanism) {
        this.delegate = delegate;
        this.mechanism = mechanism;
    }

    /**
     * Wraps {@code delegate}.
     *
     * @param mechanism names the mechanism in the log, e.g. {@code "JWT"}
     */
    public static Authenticator of(Authenticator delegate, String mechanism) {
        return new LoggedRefusals(delegate, mechanism);
    }

    @Override
    public AuthenticatedPrincipal authenticate(UpgradeRequest request) {
        try {
            return delegate.authenticate(request);
        } catch (AuthenticationException refused) {
            LOG.info("{} authentication refused an upgrade to {}: {}", mechanism, printable(request.path()),
                    printable(refused.getMessage()));
            throw new AuthenticationException(REFUSAL, refused);
        }
    }

    @Override
    public String challenge() {
        return delegate.challenge();
    }

    @Override
    public void close() {
        delegate.close();
    }

    /** {@code text} with control characters escaped, so a client's input cannot forge log lines. */
    private static String printable(String text) {
        if (text == null || text.chars().noneMatch(Character::isISOControl)) {
            return text;
        }
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        text.chars().forEach(c -> {
            if (Character.isISOControl(c)) {
                escaped.append(String.format("\\u%04x", c));
            } else {
                escaped.append((char) c);
            }
        });
        return escaped.toString();
    }
}
