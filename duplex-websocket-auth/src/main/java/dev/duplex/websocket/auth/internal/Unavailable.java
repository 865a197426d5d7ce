package dev.duplex.websocket.auth.internal;

import dev.duplex.websocket.UpgradeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answer when a check cannot be made because what it depends on failed (directory down, JWKS or introspection
 * endpoint unreachable or refusing the listener): 503, so the client retries later rather than discarding
 * credentials that may well be good. What failed (an address, a status) and the cause are logged, not sent: the body
 * says only "authentication unavailable".
 */
public final class Unavailable {
    private static final Logger LOG = LoggerFactory.getLogger(Unavailable.class);

    private Unavailable() {
    }

    public static UpgradeException because(String what, Throwable cause) {
        LOG.warn("refusing an upgrade with 503: {}", what, cause);
        return new UpgradeException(503, "authentication unavailable");
    }
}
