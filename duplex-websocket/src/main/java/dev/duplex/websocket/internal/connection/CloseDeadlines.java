package dev.duplex.websocket.internal.connection;

import dev.duplex.websocket.ConnectionClosureException;
import dev.duplex.websocket.internal.protocol.CloseCodes;
import dev.duplex.websocket.internal.metrics.WebSocketMetrics;
import dev.duplex.websocket.internal.protocol.WebSocketProtocol;
import dev.duplex.websocket.internal.time.SaturatingDurations;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

/**
 * The deadlines of a connection's closing handshake (RFC 6455 §7): the wait for the peer's close frame after this end
 * sent its own — the application may wait on it, and it fails after the close timeout — and, once a close frame is
 * sent or echoed, the end of the TCP connection when everything is written or the closure timeout passes, whether
 * or not the peer reads.
 *
 * <p>Thread safety: {@link #answered()}, {@link #await} and {@link #checkArguments} from any thread; the rest on the
 * connection's event loop, which owns the timers.
 */
final class CloseDeadlines {
    @SuppressWarnings("rawtypes")
    private static final AtomicReferenceFieldUpdater<CloseDeadlines, CompletableFuture> PEER_CLOSE =
            AtomicReferenceFieldUpdater.newUpdater(CloseDeadlines.class, CompletableFuture.class, "peerClose");

    /**
     * Completes when the peer's close frame arrives; fails when the connection ends without it. Made by the first
     * method that needs it (an idle connection never does); then never replaced.
     */
    private volatile CompletableFuture<Void> peerClose;
    private final Channel channel;

    CloseDeadlines(Channel channel) {
        this.channel = channel;
    }

    /** The future {@code closeAsync} returns. */
    CompletableFuture<Void> answered() {
        CompletableFuture<Void> future = peerClose;
        if (future == null) {
            PEER_CLOSE.compareAndSet(this, null, new CompletableFuture<Void>());
            future = peerClose;
        }
        return future;
    }

    /** Event loop: the peer's close frame arrived. */
    void peerClosed() {
        answered().complete(null);
    }

    /** Fails the wait for the peer's close frame; whether this call ended it. */
    boolean fail(ConnectionClosureException reason) {
        return answered().completeExceptionally(reason);
    }

    /**
     * After this end's close frame: drops the connection at once when {@code timeout} is zero, after it when it is
     * positive and the peer has not answered by then, never on its own when it is {@link WebSocketConnection#WAIT_FOREVER}.
     */
    void dropUnlessAnswered(Duration timeout, int code, String reason) {
        if (timeout.isZero()) {
            fail(new ConnectionClosureException("closed with " + code
                    + " without waiting for the peer's close frame", code, reason));
            // A task behind the batch that carries the close frame: the frame is written first.
            channel.close();
        } else if (!timeout.isNegative()) {
            channel.eventLoop().schedule(() -> {
                if (fail(new ConnectionClosureException("no close frame from the peer within "
                        + timeout + "; the connection was dropped", code, reason))) {
                    channel.close();
                }
            }, SaturatingDurations.toNanos(timeout), TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Event loop: flushes, and closes the channel once everything written so far reached the socket — or, when the
     * peer does not read, after {@code closureTimeout} (zero: at once; {@link WebSocketConnection#WAIT_FOREVER}: only
     * when written).
     */
    void closeWhenWritten(Duration closureTimeout, WebSocketMetrics metrics) {
        channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        if (closureTimeout.isZero()) {
            channel.close();
        } else if (!closureTimeout.isNegative()) {
            channel.eventLoop().schedule(() -> {
                if (channel.isOpen()) {
                    metrics.error("close_timeout");
                    channel.close();
                }
            }, SaturatingDurations.toNanos(closureTimeout), TimeUnit.NANOSECONDS);
        }
    }

    /** Event loop: the TCP connection is gone; a wait for the peer's close frame that is still on fails. */
    void channelClosed() {
        // Usually the peer's close frame completed it already: then no exception (and its stack trace) is made.
        if (!answered().isDone()) {
            fail(new ConnectionClosureException("the connection closed without a close frame from the peer",
                    WebSocketProtocol.CLOSE_ABNORMAL, ""));
        }
    }

    /**
     * Checks a close's arguments.
     *
     * @return the reason, {@code ""} for {@code null}
     * @throws IllegalArgumentException for a code that may not be sent, a reason over 123 bytes, or a negative timeout
     *                                  other than {@link WebSocketConnection#WAIT_FOREVER}
     */
    static String checkArguments(int code, String reason, Duration timeout) {
        if (!CloseCodes.isSendable(code)) {
            throw new IllegalArgumentException("Invalid status code: " + code
                    + " (close accepts 1000-1003, 1007-1011 and 3000-4999)");
        }
        String text = reason == null ? "" : reason;
        CloseCodes.checkReasonLength(text);
        if (timeout.isNegative() && !timeout.equals(WebSocketConnection.WAIT_FOREVER)) {
            throw new IllegalArgumentException("Invalid timeout value: " + timeout
                    + " (use -1 s to wait forever, 0 not to wait)");
        }
        return text;
    }

    /**
     * Waits until {@code answered} completes: the connection's close deadline fails it, so the wait ends. An
     * interrupt drops the connection at once.
     *
     * @throws ConnectionClosureException when the peer's close frame did not come, or the wait was interrupted
     */
    static void await(CompletableFuture<Void> answered, int code, String reason, Channel channel) {
        // Static: the caller may wait on a future it was handed earlier.
        try {
            answered.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            channel.close();
            throw new ConnectionClosureException("interrupted while waiting for the peer's close frame", code,
                    reason);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ConnectionClosureException closure) {
                throw new ConnectionClosureException(closure.getMessage(), closure.closeCode(), closure.reason());
            }
            throw new ConnectionClosureException(String.valueOf(e.getCause()), code, reason);
        }
    }
}
