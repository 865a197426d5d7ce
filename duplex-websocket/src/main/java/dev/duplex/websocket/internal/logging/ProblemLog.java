package dev.duplex.websocket.internal.logging;

import java.util.logging.Level;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.NOPLoggerFactory;

/**
 * Reports a problem the developer must see (a broken service, an upgrade service that failed): through SLF4J when
 * the application has an SLF4J provider, else through {@code java.util.logging}. Without a provider slf4j-api falls
 * back to its no-operation logger and prints only a one-line notice, so the problem itself would vanish; the JDK's
 * logging prints SEVERE records to the console by default (Netty falls back the same way).
 *
 * <p>Thread safety: immutable; both logging back ends are thread-safe.
 */
public final class ProblemLog {
    private final Logger slf4j;
    private final java.util.logging.Logger jul;
    private final boolean slf4jHasProvider;

    /** The log of {@code owner}, named after it in either back end. */
    public static ProblemLog of(Class<?> owner) {
        return new ProblemLog(owner, LoggerFactory.getILoggerFactory());
    }

    ProblemLog(Class<?> owner, ILoggerFactory factory) {
        this.slf4j = factory.getLogger(owner.getName());
        this.jul = java.util.logging.Logger.getLogger(owner.getName());
        this.slf4jHasProvider = !(factory instanceof NOPLoggerFactory);
    }

    /** {@return whether SLF4J has a provider, so that problems go there} */
    public boolean slf4jHasProvider() {
        return slf4jHasProvider;
    }

    /** Reports {@code message} at WARN (SLF4J) or WARNING (java.util.logging). */
    public void warn(String message) {
        if (slf4jHasProvider) {
            slf4j.warn(message);
        } else {
            jul.warning(message);
        }
    }

    /** Reports {@code message} and its {@code cause} at ERROR (SLF4J) or SEVERE (java.util.logging). */
    public void error(String message, Throwable cause) {
        if (slf4jHasProvider) {
            slf4j.error(message, cause);
        } else {
            jul.log(Level.SEVERE, message, cause);
        }
    }
}
