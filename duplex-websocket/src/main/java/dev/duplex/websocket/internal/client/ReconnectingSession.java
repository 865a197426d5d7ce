package dev.duplex.websocket.internal.client;

import dev.duplex.websocket.ConnectionClosureException;
import dev.duplex.websocket.ConnectionException;
import dev.duplex.websocket.HandshakeTimeoutException;
import dev.duplex.websocket.RetryConfig;
import dev.duplex.websocket.WebSocketException;
import dev.duplex.websocket.WriteTimeoutException;
import dev.duplex.websocket.ClientConfiguration;
import dev.duplex.websocket.internal.connection.ConnectionListener;
import dev.duplex.websocket.internal.connection.ConnectionState;
import dev.duplex.websocket.internal.connection.WebSocketConnection;
import dev.duplex.websocket.internal.time.SaturatingDurations;
import dev.duplex.websocket.internal.tls.ClientTls;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client's connection over its lifetime: made with retries, replaced when it drops (once, however many threads
 * notice), and closed for good when the application closes the client — also when that close races a reconnect.
 * Reads and writes that find the connection broken go on on the new one when {@code retryConfig} allows.
 *
 * <p>Thread safety: safe from any thread. {@link #current()} is a volatile read; replacing the session happens under
 * {@code reconnecting}, so only one thread reconnects. The application's close and a reconnect each check the other's
 * write after their own ({@code closedByUser}, then {@code session}), so one of them always drops the new connection.
 */
public final class ReconnectingSession {
    private static final Logger LOG = LoggerFactory.getLogger(ReconnectingSession.class);

    private final WebSocketUrl url;
    private final ClientConfiguration config;
    /** The TLS context of every connection, or {@code null} for {@code ws://}. */
    private final ClientTls tls;
    /** Makes the listener of each new connection: an inbox, or a push client's dispatcher. */
    private final Function<WebSocketConnection, ConnectionListener> listeners;
    private final Object reconnecting = new Object();
    private volatile ClientSession session;
    private volatile boolean closedByUser;
    /** Counted down when the application closes the client: ends a back-off wait at once. */
    private final CountDownLatch closeRequested = new CountDownLatch(1);

    /** Connects (with retries, as {@code config.retryConfig()} says); returns once the first connection is open. */
    public ReconnectingSession(WebSocketUrl url, ClientConfiguration config, ClientTls tls,
                               Function<WebSocketConnection, ConnectionListener> listeners) {
        this.url = url;
        this.config = config;
        this.tls = tls;
        this.listeners = listeners;
        this.session = connectWithRetries(null);
    }

    /** The connection now (a reconnect makes a new one). */
    public ClientSession current() {
        return session;
    }

    /** Whether the application closed the client. */
    public boolean closedByUser() {
        return closedByUser;
    }

    private ClientSession connectOnce() {
        CompletableFuture<ClientSession> connecting = ClientConnector.connect(url, config, tls, listeners);
        try {
            return connecting.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            // Nobody will take this connection: drop it once (or if) its handshake completes.
            connecting.thenAccept(abandoned -> abandoned.connection().channel().close());
            throw new ConnectionException("interrupted while connecting to " + url.url(), e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketException failure) {
                throw rethrown(failure);
            }
            throw new ConnectionException("cannot connect to " + url.url() + ": " + e.getCause(), e.getCause());
        }
    }

    /** A copy of {@code failure} whose stack trace shows the caller. */
    private static WebSocketException rethrown(WebSocketException failure) {
        failure.addSuppressed(new Exception("raised in " + Thread.currentThread().getName()));
        return failure;
    }

    /**
     * Connects, retrying as {@code retryConfig} says when connecting fails for want of a connection (a refusal by the
     * server is an answer, not a failure, and is not retried).
     */
    private ClientSession connectWithRetries(WebSocketException firstFailure) {
        RetryConfig retry = config.retryConfig();
        int attempt = 0;
        WebSocketException last = firstFailure;
        if (last == null) {
            try {
                return connectOnce();
            } catch (ConnectionException | HandshakeTimeoutException failure) {
                if (retry == null) {
                    throw failure;
                }
                last = failure;
            }
        }
        while (retry != null && retry.allows(attempt) && !closedByUser) {
            Duration delay = retry.delayBefore(attempt);
            LOG.info("reconnecting to {} in {} (attempt {}{}) after: {}", url.url(), delay, attempt + 1,
                    retry.maxCount() == 0 ? "" : " of " + retry.maxCount(), last.getMessage());
            if (awaitCloseRequest(delay)) {
                break;
            }
            attempt++;
            try {
                return connectOnce();
            } catch (ConnectionException | HandshakeTimeoutException failure) {
                last = failure;
            }
        }
        if (closedByUser) {
            throw new ConnectionClosureException("the client was closed while reconnecting to " + url.url()
                    + " after: " + last.getMessage());
        }
        throw new ConnectionException("cannot connect to " + url.url() + " after " + attempt + " retries: "
                + last.getMessage(), last);
    }

    /** Waits {@code delay} before a retry; returns {@code true} at once when the application closes the client. */
    private boolean awaitCloseRequest(Duration delay) {
        try {
            return closeRequested.await(SaturatingDurations.toNanos(delay), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectionException("interrupted while waiting to reconnect", e);
        }
    }

    /** Replaces a session that dropped with a new one (once, however many threads ask). */
    private ClientSession reconnect(ClientSession failed, WebSocketException cause) {
        synchronized (reconnecting) {
            if (session != failed) {
                return session;
            }
            failed.connection().channel().close();
            ClientSession next = connectWithRetries(cause);
            if (closedByUser) {
                // The application closed the client while this connection was being made: it must not outlive it.
                next.connection().channel().close();
                throw new ConnectionClosureException("the client was closed while reconnecting to " + url.url());
            }
            session = next;
            if (closedByUser) {
                // close() ran meanwhile, on the session it saw before this one: this one must not outlive it either.
                next.connection().channel().close();
                throw new ConnectionClosureException("the client was closed while reconnecting to " + url.url());
            }
            return session;
        }
    }

    /**
     * Whether a read that found the connection ended should go on on a new connection: when it dropped without a
     * close frame, or failed with an I/O error (the 1006 that follows may still be on its way).
     */
    private boolean retryableRead(ClientSession current, ConnectionException failure) {
        if (config.retryConfig() == null || closedByUser) {
            return false;
        }
        if (!(failure instanceof ConnectionClosureException)) {
            awaitEnd(current);
        }
        return current.inbox() != null && current.inbox().endedAbnormally();
    }

    /** Runs a write, retrying it on a new connection when it failed because the connection broke. */
    public void write(Consumer<WebSocketConnection> write) {
        ClientSession current = session;
        for (int i = 0; ; i++) {
            try {
                write.accept(current.connection());
                return;
            } catch (ConnectionException failure) {
                if (!retryableWrite(current, failure) || i > 1000) {
                    throw unreportedFailureOr(current, failure);
                }
                current = reconnect(current, failure);
            }
        }
    }

    /**
     * What a write or close that found the connection gone reports: the I/O failure that broke it if no call has
     * reported that yet (writes return once queued, so the write that failed may have returned already), else
     * {@code closed}.
     */
    private ConnectionException unreportedFailureOr(ClientSession current, ConnectionException closed) {
        ClientInbox inbox = current.inbox();
        if (inbox == null || !(closed instanceof ConnectionClosureException)
                || current.connection().state() == ConnectionState.CLOSE_SENT) {
            return closed;
        }
        if (!current.connection().channel().isActive()) {
            // The channel closes before its failed writes are reported on the event loop; the end follows them.
            try {
                inbox.awaitEnd(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return withFailure(inbox.takeUnreportedFailure(), closed);
    }

    /** {@code closed}, or when {@code failure} is not null a {@link ConnectionException} caused by it. */
    private static ConnectionException withFailure(ConnectionException failure, ConnectionException closed) {
        if (failure == null) {
            return closed;
        }
        var reported = new ConnectionException(closed.getMessage() + ", after this failure (messages written before"
                + " it may not have arrived): " + failure.getMessage(), failure);
        reported.addSuppressed(closed);
        return reported;
    }

    private boolean retryableWrite(ClientSession current, ConnectionException failure) {
        if (config.retryConfig() == null || closedByUser || current.inbox() == null) {
            return false;
        }
        if (failure instanceof WriteTimeoutException) {
            return false;
        }
        if (failure instanceof ConnectionClosureException) {
            awaitEnd(current);
            return current.inbox().endedAbnormally();
        }
        return true;
    }

    private static void awaitEnd(ClientSession current) {
        try {
            current.inbox().awaitEnd(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Takes the next message of {@code kind}, reading on on a new connection when the connection dropped. */
    public Object read(ClientInbox.Kind kind) {
        return read(kind, Function.identity());
    }

    /**
     * Takes the next message of {@code kind} as {@code convert} makes it; when {@code convert} throws, the message
     * stays queued. Reads on on a new connection when the connection dropped.
     */
    public <R> R read(ClientInbox.Kind kind, Function<Object, R> convert) {
        ClientSession current = session;
        if (current.inbox() == null) {
            throw new IllegalStateException("this client pushes its messages to its service; there is nothing to read");
        }
        for (int i = 0; ; i++) {
            try {
                return current.inbox().take(kind, SaturatingDurations.capped(config.readTimeout()),
                        "ClientConfiguration.readTimeout", convert);
            } catch (ConnectionException failure) {
                if (!retryableRead(current, failure) || i > 1000) {
                    throw failure;
                }
                current = reconnect(current, failure);
            }
        }
    }

    /** Closes as {@code Client.close(int, String, Duration)} says; ends any reconnecting. */
    public void close(int statusCode, String reason, Duration timeout) {
        ClientSession current = session;
        CompletableFuture<Void> answered;
        try {
            answered = current.connection().closeAsync(statusCode, reason, SaturatingDurations.capped(timeout));
        } catch (ConnectionClosureException alreadyClosed) {
            // Closed already (by the server, or dropped while reconnecting): the application wants no more of this
            // client all the same, so stop any reconnecting.
            ConnectionException reported = unreportedFailureOr(current, alreadyClosed);
            userClosed(current);
            throw reported;
        }
        userClosed(current);
        if (!timeout.isZero()) {
            // A zero timeout asked not to wait: the close frame went out and the connection is dropped; no failure.
            try {
                current.connection().awaitPeerClose(answered, statusCode, reason);
            } catch (ConnectionClosureException noAnswer) {
                // The connection broke while closing: a write queued before the close frame may have failed.
                throw withFailure(current.inbox() == null ? null : current.inbox().takeUnreportedFailure(), noAnswer);
            }
        }
    }

    private void userClosed(ClientSession current) {
        closedByUser = true;
        closeRequested.countDown();
        if (current.inbox() != null) {
            current.inbox().closedLocally();
        }
        ClientSession now = session;
        if (now != current) {
            // A reconnect replaced the session after this close looked at it: the new connection ends too.
            now.connection().channel().close();
        }
    }
}
