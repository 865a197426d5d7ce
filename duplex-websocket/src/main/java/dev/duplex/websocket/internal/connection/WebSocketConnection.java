package dev.duplex.websocket.internal.connection;

import static dev.duplex.websocket.internal.protocol.WebSocketProtocol.*;

import dev.duplex.websocket.ConnectionClosureException;
import dev.duplex.websocket.ConnectionException;
import dev.duplex.websocket.CorruptedFrameException;
import dev.duplex.websocket.PayloadTooLargeException;
import dev.duplex.websocket.WebSocketException;
import dev.duplex.websocket.WriteTimeoutException;
import dev.duplex.websocket.internal.metrics.WebSocketMetrics;
import dev.duplex.websocket.internal.protocol.CloseCodes;
import dev.duplex.websocket.internal.protocol.FrameWriter;
import dev.duplex.websocket.internal.protocol.ProtocolViolation;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One open WebSocket connection, server or client side: its state machine ({@link ConnectionState}), its outbound
 * operations and the closing handshake (RFC 6455 §7). Shared by the server's {@code Caller} and the {@code Client}.
 *
 * <p>Thread safety: every public method is safe from any thread. State transitions and the hand-off of a frame to
 * the channel (or, from a worker, to the {@link OutboundBatch} the event loop writes in order) happen under
 * {@code this} lock, so no data frame can follow a close frame on the wire and the frames of one message are never
 * interleaved with another's (each message is one buffer). The methods marked "event loop"
 * are called only by {@link ConnectionHandler} on the channel's event loop.
 */
public final class WebSocketConnection {
    /** The close timeout that waits forever. */
    public static final Duration WAIT_FOREVER = Duration.ofSeconds(-1);

    private final Channel channel;
    private final FrameWriter writer;
    private final Duration defaultClosureTimeout;
    private final Duration writeTimeout;
    private final String writeTimeoutSetting;
    private final boolean awaitWrites;
    private final String subProtocol;
    private final boolean secure;

    /** Guarded by {@code this}. */
    private ConnectionState state = ConnectionState.OPEN;
    /** Completes when the peer's close frame arrives; fails when the connection ends without it. */
    private final CompletableFuture<Void> peerClose = new CompletableFuture<>();
    /** Written on the event loop only; read by {@link ConnectionHandler} when the channel closes. */
    private int closeCode = CLOSE_ABNORMAL;
    private String closeReason = "";

    /** Set once before the connection opens ({@link #measuredBy}); read from any thread afterwards. */
    private volatile WebSocketMetrics metrics = WebSocketMetrics.NONE;

    private final ReentrantLock writabilityLock = new ReentrantLock();
    private final Condition writabilityChanged = writabilityLock.newCondition();
    /** Writers waiting in {@link #awaitWritable}: a batch written signals them only when there are some. */
    private final AtomicInteger waitingWriters = new AtomicInteger();
    /**
     * Frames sent from other threads than the event loop when writes do not wait for the socket (the server): they
     * reach the channel in batches, one flush per batch.
     */
    private final OutboundBatch batch;

    public WebSocketConnection(Channel channel, FrameWriter writer, ConnectionSettings settings, String subProtocol,
                               boolean secure) {
        this.channel = channel;
        this.writer = writer;
        this.defaultClosureTimeout = settings.defaultClosureTimeout();
        this.writeTimeout = settings.writeTimeout();
        this.writeTimeoutSetting = settings.writeTimeoutSetting();
        this.awaitWrites = settings.awaitWrites();
        this.subProtocol = subProtocol;
        this.secure = secure;
        this.batch = new OutboundBatch(channel, this::batchWritten);
    }

    public Channel channel() {
        return channel;
    }

    public String id() {
        return channel.id().asLongText();
    }

    public String subProtocol() {
        return subProtocol;
    }

    public boolean isSecure() {
        return secure;
    }

    public synchronized ConnectionState state() {
        return state;
    }

    public boolean isOpen() {
        return state() == ConnectionState.OPEN && channel.isActive();
    }

    public Duration defaultClosureTimeout() {
        return defaultClosureTimeout;
    }

    /** Reports to {@code metrics} from now on; called before the connection opens. */
    public void measuredBy(WebSocketMetrics metrics) {
        this.metrics = metrics;
    }

    /** Where this connection's events are counted ({@link WebSocketMetrics#NONE} when metrics are off). */
    public WebSocketMetrics metrics() {
        return metrics;
    }

    // ---- outbound, any thread ----

    public void sendText(String text) {
        if (writer.compresses()) {
            sendEncodedInOrder(() -> writer.text(text), "text message");
        } else {
            send(writer.text(text), "text message");
        }
        if (metrics.enabled()) {
            metrics.sent("text", io.netty.buffer.ByteBufUtil.utf8Bytes(text));
        }
    }

    public void sendBinary(byte[] data) {
        if (writer.compresses()) {
            sendEncodedInOrder(() -> writer.binary(data), "binary message");
        } else {
            send(writer.binary(data), "binary message");
        }
        metrics.sent("binary", data.length);
    }

    public void sendBinary(ByteBuffer data) {
        int length = data.remaining();
        if (writer.compresses()) {
            sendEncodedInOrder(() -> writer.binary(data), "binary message");
        } else {
            send(writer.binary(data), "binary message");
        }
        metrics.sent("binary", length);
    }

    /**
     * With compression, a message must be encoded in the order it goes on the wire (the compressor's context carries
     * over), so it is encoded under the send lock.
     */
    private void sendEncodedInOrder(java.util.function.Supplier<ByteBuf> encoder, String what) {
        awaitWritable(what);
        ChannelFuture written;
        synchronized (this) {
            if (state != ConnectionState.OPEN || !channel.isActive()) {
                throw closedException("cannot send " + what);
            }
            ByteBuf frame = encoder.get();
            if (!awaitWrites || channel.eventLoop().inEventLoop()) {
                transmit(frame);
                return;
            }
            written = channel.writeAndFlush(frame);
        }
        awaitWritten(written, what);
    }

    /** @throws IllegalArgumentException over 125 bytes; nothing is sent */
    public void sendPing(byte[] data) {
        send(writer.control(OPCODE_PING, data), "ping");
        metrics.sent("ping", data.length);
    }

    /** @throws IllegalArgumentException over 125 bytes; nothing is sent */
    public void sendPong(byte[] data) {
        send(writer.control(OPCODE_PONG, data), "pong");
        metrics.sent("pong", data.length);
    }

    private void send(ByteBuf frame, String what) {
        try {
            awaitWritable(what);
        } catch (RuntimeException e) {
            frame.release();
            throw e;
        }
        ChannelFuture written;
        synchronized (this) {
            if (state != ConnectionState.OPEN || !channel.isActive()) {
                frame.release();
                throw closedException("cannot send " + what);
            }
            if (!awaitWrites || channel.eventLoop().inEventLoop()) {
                transmit(frame);
                return;
            }
            written = channel.writeAndFlush(frame);
        }
        awaitWritten(written, what);
    }

    /**
     * Under this lock: hands {@code frame} to the channel behind every frame sent before it, without waiting for the
     * socket. On the event loop it is written at once, after any batch still waiting; from another thread it joins
     * the batch, unless writes wait for the socket (the client), where it becomes a write task of its own.
     */
    private void transmit(ByteBuf frame) {
        if (channel.eventLoop().inEventLoop()) {
            batch.writeQueued();
            channel.writeAndFlush(frame, channel.voidPromise());
        } else if (awaitWrites) {
            channel.writeAndFlush(frame, channel.voidPromise());
        } else {
            batch.add(frame);
        }
    }

    /** Event loop: a batch reached the channel; writers waiting for room may go on, or see the channel full. */
    private void batchWritten() {
        if (waitingWriters.get() > 0) {
            signalWriters();
        }
    }

    /** Waits until a write reached the socket, up to the write timeout. */
    private void awaitWritten(ChannelFuture written, String what) {
        try {
            if (writeTimeout.isZero()) {
                written.await();
            } else if (!written.await(writeTimeout.toNanos(), TimeUnit.NANOSECONDS)) {
                // Part of the message may be on the wire: the connection cannot go on, and the rest must not be
                // sent later behind the caller's back. Close as a full outbound buffer does.
                closeForSlowPeer();
                throw new WriteTimeoutException("cannot send " + what + ": not written within " + writeTimeout
                        + " (" + writeTimeoutSetting + "); the connection is closing with 1008");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WriteTimeoutException("interrupted while sending " + what);
        }
        if (!written.isSuccess()) {
            throw new ConnectionException("cannot send " + what + ": " + written.cause(), written.cause());
        }
    }

    /**
     * Waits while the outbound buffer is over its high-water mark, so a slow reader slows the writer instead of
     * growing memory. Never waits on the event loop (that would stall it); there reads pause instead.
     */
    private void awaitWritable(String what) {
        if (hasRoom() || channel.eventLoop().inEventLoop()) {
            return;
        }
        boolean forever = writeTimeout.isZero();
        long deadline = System.nanoTime() + (forever ? 0 : writeTimeout.toNanos());
        waitingWriters.incrementAndGet();
        writabilityLock.lock();
        try {
            while (!hasRoom() && channel.isActive() && state() == ConnectionState.OPEN) {
                if (forever) {
                    writabilityChanged.await();
                    continue;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    String message = "cannot send " + what + ": the peer has not read for " + writeTimeout
                            + " (" + writeTimeoutSetting + "); nothing of it was sent and the connection is closing"
                            + " with 1008";
                    closeForSlowPeer();
                    throw new WriteTimeoutException(message);
                }
                writabilityChanged.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WriteTimeoutException("interrupted while waiting to send " + what);
        } finally {
            writabilityLock.unlock();
            waitingWriters.decrementAndGet();
        }
    }

    /**
     * Whether the outbound bytes — the channel's buffer and the batch not yet handed to it — are below the
     * high-water mark. The channel stays unwritable until its buffer drains below the low-water mark.
     */
    private boolean hasRoom() {
        return batch.bytes() < channel.bytesBeforeUnwritable();
    }

    /**
     * A writer waited {@code writeTimeout} for the peer to read: the connection closes with 1008 at once (the close
     * frame queues behind the unread data, so the peer may never see it), and {@code onClose} reports 1008. Messages
     * still in the outbound buffer are discarded with the connection; every writer waiting for room fails.
     */
    private void closeForSlowPeer() {
        metrics.error("write_timeout");
        // Queued before the close, so onClose (on the event loop, after the close) sees the code.
        channel.eventLoop().execute(() -> {
            if (closeCode == CLOSE_ABNORMAL) {
                closeCode = CLOSE_POLICY_VIOLATION;
                closeReason = "peer is not reading";
            }
        });
        try {
            closeAsync(CLOSE_POLICY_VIOLATION, "peer is not reading", Duration.ZERO);
        } catch (ConnectionClosureException alreadyClosing) {
            channel.close();
        }
    }

    /** Event loop: the channel's writability or liveness changed; wake writers. */
    void signalWriters() {
        writabilityLock.lock();
        try {
            writabilityChanged.signalAll();
        } finally {
            writabilityLock.unlock();
        }
    }

    private ConnectionClosureException closedException(String action) {
        ConnectionState current = state();
        if (current == ConnectionState.CLOSE_SENT) {
            return new ConnectionClosureException(action + ": a close frame was already sent", closeCode,
                    closeReason);
        }
        return new ConnectionClosureException(action + ": the connection is closed" + describeClose(),
                closeCode, closeReason);
    }

    private String describeClose() {
        if (closeCode == CLOSE_ABNORMAL && closeReason.isEmpty()) {
            return "";
        }
        return " (" + closeCode + (closeReason.isEmpty() ? "" : " " + closeReason) + ")";
    }

    // ---- closing ----

    /**
     * Sends a close frame and waits up to {@code timeout} for the peer's ({@link #WAIT_FOREVER} waits forever,
     * zero not at all), then drops the TCP connection. On the event loop it does not wait.
     *
     * @throws IllegalArgumentException   for a code that may not be sent, a reason over 123 bytes or a bad timeout
     * @throws ConnectionClosureException when a close was already sent or received, or the peer did not answer
     *                                    within a positive timeout
     */
    public void close(int code, String reason, Duration timeout) {
        CompletableFuture<Void> answered = closeAsync(code, reason, timeout);
        if (!timeout.isZero()) {
            // A zero timeout asked not to wait: the close frame went out and the connection is dropped; no failure.
            awaitPeerClose(answered, code, reason);
        }
    }

    /**
     * Waits for the future {@link #closeAsync} returned (not on the event loop, where it returns at once).
     *
     * @throws ConnectionClosureException when the peer's close frame did not come
     */
    public void awaitPeerClose(CompletableFuture<Void> answered, int code, String reason) {
        if (channel.eventLoop().inEventLoop()) {
            return;
        }
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

    /**
     * Sends a close frame without waiting; the returned future completes when the peer's close frame arrives and
     * fails when the connection ends without it (after {@code timeout}, or when the TCP connection drops).
     */
    public CompletableFuture<Void> closeAsync(int code, String reason, Duration timeout) {
        if (!CloseCodes.isSendable(code)) {
            throw new IllegalArgumentException("Invalid status code: " + code
                    + " (close accepts 1000-1003, 1007-1011 and 3000-4999)");
        }
        String text = reason == null ? "" : reason;
        CloseCodes.checkReasonLength(text);
        if (timeout.isNegative() && !timeout.equals(WAIT_FOREVER)) {
            throw new IllegalArgumentException("Invalid timeout value: " + timeout
                    + " (use -1 s to wait forever, 0 not to wait)");
        }
        synchronized (this) {
            if (state != ConnectionState.OPEN) {
                throw closedException("cannot close");
            }
            state = ConnectionState.CLOSE_SENT;
            // Reading may be paused for backpressure; the peer's close frame must get through all the same. Told
            // before the frame goes out, so that the handler knows by the time the peer can react to it.
            channel.pipeline().fireUserEventTriggered(ConnectionHandler.CLOSE_SENT);
            transmit(writer.close(code, text));
        }
        metrics.sent("close", 2 + io.netty.buffer.ByteBufUtil.utf8Bytes(text));
        signalWriters();
        if (timeout.isZero()) {
            failPeerClose(new ConnectionClosureException("closed with " + code
                    + " without waiting for the peer's close frame", code, text));
            channel.close();
        } else if (!timeout.isNegative()) {
            channel.eventLoop().schedule(() -> {
                if (failPeerClose(new ConnectionClosureException("no close frame from the peer within "
                        + timeout + "; the connection was dropped", code, text))) {
                    channel.close();
                }
            }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        }
        return peerClose;
    }

    private boolean failPeerClose(ConnectionClosureException reason) {
        return peerClose.completeExceptionally(reason);
    }

    /** Event loop: the peer's close frame arrived. Echo it when the peer started the close, then end the TCP connection. */
    void closeFrameReceived(int code, String reason) {
        ConnectionState previous;
        synchronized (this) {
            previous = state;
            state = ConnectionState.CLOSED;
        }
        closeCode = code;
        closeReason = reason;
        // Frames the service sent before this close arrived go first: no data frame may follow the close frame.
        batch.writeQueued();
        if (previous == ConnectionState.OPEN) {
            channel.writeAndFlush(writer.close(code, "")).addListener(ChannelFutureListener.CLOSE);
        } else {
            channel.close();
        }
        peerClose.complete(null);
        signalWriters();
    }

    /**
     * Event loop: the peer broke a rule. Sends the close frame the violation calls for, drops the connection and
     * returns the typed exception to report.
     */
    WebSocketException violation(ProtocolViolation violation) {
        ConnectionState previous;
        synchronized (this) {
            previous = state;
            state = ConnectionState.CLOSED;
        }
        String reason = CloseCodes.truncateReason(violation.getMessage());
        batch.writeQueued();
        if (previous == ConnectionState.OPEN) {
            closeCode = violation.closeCode();
            closeReason = reason;
            channel.writeAndFlush(writer.close(violation.closeCode(), reason))
                    .addListener(ChannelFutureListener.CLOSE);
        } else {
            channel.close();
        }
        failPeerClose(new ConnectionClosureException("the peer broke the protocol: " + violation.getMessage(),
                violation.closeCode(), reason));
        signalWriters();
        return violation.closeCode() == CLOSE_MESSAGE_TOO_BIG
                ? new PayloadTooLargeException(violation.getMessage())
                : new CorruptedFrameException(violation.getMessage(), violation.closeCode());
    }

    /** Event loop: the TCP connection is gone. */
    void channelClosed() {
        synchronized (this) {
            state = ConnectionState.CLOSED;
            writer.release();
        }
        batch.discard();
        // Usually the peer's close frame completed it already: then no exception (and its stack trace) is made.
        if (!peerClose.isDone()) {
            failPeerClose(new ConnectionClosureException("the connection closed without a close frame from the peer",
                    CLOSE_ABNORMAL, ""));
        }
        signalWriters();
    }

    int closeCode() {
        return closeCode;
    }

    String closeReason() {
        return closeReason;
    }
}
