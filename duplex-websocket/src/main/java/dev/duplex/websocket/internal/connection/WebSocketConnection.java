package dev.duplex.websocket.internal.connection;

import static dev.duplex.websocket.internal.protocol.WebSocketProtocol.*;

import dev.duplex.websocket.ConnectionClosureException;
import dev.duplex.websocket.CorruptedFrameException;
import dev.duplex.websocket.PayloadTooLargeException;
import dev.duplex.websocket.WebSocketException;
import dev.duplex.websocket.internal.metrics.WebSocketMetrics;
import dev.duplex.websocket.internal.protocol.CloseCodes;
import dev.duplex.websocket.internal.protocol.FrameWriter;
import dev.duplex.websocket.internal.protocol.MessageDeflater;
import dev.duplex.websocket.internal.protocol.ProtocolViolation;
import dev.duplex.websocket.internal.time.SaturatingDurations;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

/**
 * One open WebSocket connection, server or client side: its state machine ({@link ConnectionState}), its outbound
 * side and the closing handshake (RFC 6455 §7). Shared by the server's {@code Caller} and the {@code Client}.
 *
 * <p>Ownership: the connection belongs to its channel's event loop. Other threads hand it commands — a frame they
 * encoded, a message to encode in wire order, the close frame — through the {@link OutboundBatch}, and wait on
 * futures with deadlines ({@link WriteRoom}, the peer's close); no lock is shared with the event loop, so encoding or
 * compressing on another thread never blocks it. The one piece of state other threads change is the claim to send
 * the close frame ({@code OPEN → CLOSE_SENT}, a compare-and-set, so exactly one close frame is sent); everything else
 * — {@code → CLOSED}, the close code and reason, what has been written — changes on the event loop only. The close
 * code and reason are written before the state becomes {@code CLOSED}, so a thread that sees {@code CLOSED} sees
 * them.
 *
 * <p>Order on the wire: a sender's frames keep the order it sent them in, and nothing follows this end's close frame:
 * a frame that lost a race with a close (queued after it) is dropped on the event loop and counted
 * ({@code error{kind=after_close}}), as a frame in flight when the connection drops would be.
 *
 * <p>Thread safety: every public method is safe from any thread. The methods marked "event loop" are called only by
 * {@link ConnectionHandler}.
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

    /**
     * {@code OPEN → CLOSE_SENT} by compare-and-set from any thread; {@code → CLOSED} on the event loop only. A volatile
     * field with an updater rather than an {@code AtomicReference}: one object less per connection.
     */
    private volatile ConnectionState state = ConnectionState.OPEN;
    private static final AtomicReferenceFieldUpdater<WebSocketConnection, ConnectionState> STATE =
            AtomicReferenceFieldUpdater.newUpdater(WebSocketConnection.class, ConnectionState.class, "state");
    /** Written on the event loop before {@link #state} becomes {@code CLOSED}; what {@code onClose} reports. */
    private volatile int closeCode = CLOSE_ABNORMAL;
    private volatile String closeReason = "";
    /** The event loop's end of the outbound side: writes in order, nothing after this end's close frame. */
    private final OutboundWriter out;
    /** The wait for the peer's close frame, and the end of the TCP connection after a close frame. */
    private final CloseDeadlines deadlines;

    /** Set once before the connection opens ({@link #measuredBy}); read from any thread afterwards. */
    private volatile WebSocketMetrics metrics = WebSocketMetrics.NONE;

    /** Where writers wait for room and for their writes, with the write timeout. */
    private final WriteRoom room;
    /** What other threads sent, on its way to the event loop. */
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
        this.deadlines = new CloseDeadlines(channel);
        // The helpers call back into this connection directly (no lambda per callback): fewer objects per connection.
        this.room = new WriteRoom(this);
        this.out = new OutboundWriter(this, writer, room);
        this.batch = new OutboundBatch(channel, out);
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

    public ConnectionState state() {
        return state;
    }

    public boolean isOpen() {
        return state == ConnectionState.OPEN && channel.isActive();
    }

    /** How long the outbound buffer may stay full before the connection closes with 1008; zero: forever. */
    Duration writeTimeout() {
        return writeTimeout;
    }

    /** The name of the write timeout's setting, for messages. */
    String writeTimeoutSetting() {
        return writeTimeoutSetting;
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

    private boolean onLoop() {
        return channel.eventLoop().inEventLoop();
    }

    // ---- outbound, any thread ----

    public void sendText(String text) {
        if (onLoop()) {
            checkOpen("text message");
            batch.writeQueued();
            channel.writeAndFlush(writer.text(text), channel.voidPromise());
        } else {
            enqueue(OutboundItem.queued(text, writer), "text message");
        }
        if (metrics.enabled()) {
            metrics.sent("text", ByteBufUtil.utf8Bytes(text));
        }
    }

    public void sendBinary(byte[] data) {
        if (onLoop()) {
            checkOpen("binary message");
            batch.writeQueued();
            channel.writeAndFlush(writer.binary(data), channel.voidPromise());
        } else {
            enqueue(OutboundItem.queued(data, writer), "binary message");
        }
        metrics.sent("binary", data.length);
    }

    public void sendBinary(ByteBuffer data) {
        int length = data.remaining();
        if (onLoop()) {
            checkOpen("binary message");
            batch.writeQueued();
            channel.writeAndFlush(writer.binary(data), channel.voidPromise());
        } else {
            enqueue(OutboundItem.queued(data, writer), "binary message");
        }
        metrics.sent("binary", length);
    }

    /** Whether messages are compressed (permessage-deflate), so the shared plain frame cannot be offered. */
    public boolean compresses() {
        return writer.compresses();
    }

    /**
     * When messages are compressed without context takeover: the parameters a compressed frame for this connection
     * depends on, so that one frame can be offered to every connection with equal ones; otherwise {@code null}.
     */
    public MessageDeflater.Shared sharedCompression() {
        return writer.sharedCompression();
    }

    /**
     * Queues {@code item} without waiting, when the connection is open and its outbound bytes — the channel's buffer
     * and the batch not yet handed to it — plus the item stay within {@code budget}. Never waits for room and never
     * runs the write timeout: a group's fan-out decides what to do with a member that is over its budget. The caller
     * reports the message to {@link #metrics()} (it knows the payload's length; a shared frame's header is not payload).
     *
     * @param frame  an encoded frame, owned by this call (released unless queued), or {@code null}
     * @param text   when {@code frame} is {@code null}: a text message encoded (and compressed) on the event loop
     * @param binary when both are {@code null}: a binary message encoded (and compressed) on the event loop
     */
    public Offer offer(ByteBuf frame, String text, byte[] binary, long budget) {
        Object item = frame != null ? frame
                : text != null ? new OutboundItem.Text(text) : new OutboundItem.Binary(binary);
        long size = OutboundBatch.sizeOf(item);
        Offer outcome = !isOpen() ? Offer.CLOSED
                : outboundBytes() + size > budget ? Offer.OVER_BUDGET : Offer.QUEUED;
        if (outcome != Offer.QUEUED) {
            OutboundBatch.release(item);
            return outcome;
        }
        batch.add(item);
        return outcome;
    }

    /** Bytes sent and not yet written to the socket: the batch on its way to the event loop and the channel's buffer. */
    public long outboundBytes() {
        var buffer = channel.unsafe().outboundBuffer();
        return batch.bytes() + (buffer == null ? 0 : buffer.totalPendingWriteBytes());
    }

    /**
     * Ends the connection at once with {@code code} and {@code reason} (the close frame queues behind the unread
     * data, so the peer may never see it); {@code onClose} reports {@code code}. For a peer that does not read.
     */
    public void closeNow(int code, String reason) {
        runOnLoop(() -> abort(code, reason));
    }

    /** @throws IllegalArgumentException over 125 bytes; nothing is sent */
    public void sendPing(byte[] data) {
        sendControl(writer.control(OPCODE_PING, data), "ping");
        metrics.sent("ping", data.length);
    }

    /** @throws IllegalArgumentException over 125 bytes; nothing is sent */
    public void sendPong(byte[] data) {
        sendControl(writer.control(OPCODE_PONG, data), "pong");
        metrics.sent("pong", data.length);
    }

    private void sendControl(ByteBuf frame, String what) {
        if (onLoop()) {
            if (state != ConnectionState.OPEN || !channel.isActive()) {
                frame.release();
                throw closedException("cannot send " + what);
            }
            batch.writeQueued();
            channel.writeAndFlush(frame, channel.voidPromise());
        } else {
            enqueue(frame, what);
        }
    }

    private void checkOpen(String what) {
        if (state != ConnectionState.OPEN || !channel.isActive()) {
            throw closedException("cannot send " + what);
        }
    }

    /**
     * Not on the event loop: waits for room in the outbound buffer, then hands {@code item} to the event loop behind
     * every item this thread sent before; with {@code awaitWrites}, waits until its bytes reached the socket.
     */
    private void enqueue(Object item, String what) {
        try {
            if (!onLoop()) {
                room.awaitRoom(what);
            }
            if (state != ConnectionState.OPEN || !channel.isActive()) {
                throw closedException("cannot send " + what);
            }
        } catch (RuntimeException e) {
            OutboundBatch.release(item);
            throw e;
        }
        if (!awaitWrites) {
            batch.add(item);
            return;
        }
        var written = new CompletableFuture<Void>();
        batch.add(new OutboundItem.Awaited(item, written));
        room.awaitWritten(written, what);
    }

    /**
     * Whether the outbound bytes — the channel's buffer and the batch not yet handed to it — are below the
     * high-water mark. The channel stays unwritable until its buffer drains below the low-water mark.
     */
    boolean hasRoom() {
        return batch.bytes() < channel.bytesBeforeUnwritable();
    }

    /** Whether the connection still takes writes; a writer waiting for room stops waiting when it does not. */
    boolean acceptsWrites() {
        return channel.isActive() && state == ConnectionState.OPEN;
    }

    /** What a writer waiting on an item dropped behind this end's close frame is told. */
    ConnectionClosureException closeAlreadySent() {
        return closedException("cannot send: a close frame was already sent");
    }

    /**
     * The peer did not read for {@code writeTimeout}: the connection closes with 1008 at once (the close frame queues
     * behind the unread data, so the peer may never see it), and {@code onClose} reports 1008. Messages still in the
     * outbound buffer are discarded with the connection; every writer waiting for room fails.
     */
    void closeForSlowPeer() {
        metrics.error("write_timeout");
        runOnLoop(() -> abort(CLOSE_POLICY_VIOLATION, "peer is not reading"));
    }

    /** Event loop: ends the connection at once, reporting {@code code} unless a close code is known already. */
    private void abort(int code, String reason) {
        if (!channel.isActive()) {
            return;
        }
        if (closeCode == CLOSE_ABNORMAL) {
            closeCode = code;
            closeReason = reason;
        }
        if (STATE.compareAndSet(this, ConnectionState.OPEN, ConnectionState.CLOSE_SENT)) {
            batch.writeQueued();
            out.write(new OutboundItem.Close(code, reason));
            channel.flush();
        }
        channel.close();
    }

    private void runOnLoop(Runnable task) {
        if (onLoop()) {
            task.run();
        } else {
            channel.eventLoop().execute(task);
        }
    }

    /** Whether a writer waits for room in the outbound buffer. */
    boolean hasWaitingWriters() {
        return room.hasWaiters();
    }

    /** Event loop: the channel's writability or liveness changed; wake writers. */
    void signalWriters() {
        room.signal();
    }

    private ConnectionClosureException closedException(String action) {
        if (state == ConnectionState.CLOSE_SENT) {
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
        if (!onLoop()) {
            CloseDeadlines.await(answered, code, reason, channel);
        }
    }

    /**
     * Sends a close frame without waiting; the returned future completes when the peer's close frame arrives and
     * fails when the connection ends without it (after {@code timeout}, or when the TCP connection drops).
     */
    public CompletableFuture<Void> closeAsync(int code, String reason, Duration timeout) {
        String text = CloseDeadlines.checkArguments(code, reason, timeout);
        if (!STATE.compareAndSet(this, ConnectionState.OPEN, ConnectionState.CLOSE_SENT)) {
            throw closedException("cannot close");
        }
        if (onLoop()) {
            batch.writeQueued();
            out.write(new OutboundItem.Close(code, text));
            channel.flush();
        } else {
            batch.add(new OutboundItem.Close(code, text));
        }
        metrics.sent("close", 2 + ByteBufUtil.utf8Bytes(text));
        room.signal();
        deadlines.dropUnlessAnswered(timeout, code, text);
        return deadlines.answered();
    }

    // ---- event loop ----

    /** Event loop: {@code listener} runs when this end's close frame is handed to the channel. */
    void onCloseWritten(OutboundWriter.CloseWrittenListener listener) {
        out.onCloseWritten(listener);
    }

    /**
     * Event loop: the peer's close frame arrived. Echoes it when the peer started the close, then ends the TCP
     * connection once everything before the echo is written, or after the closure timeout when the peer does not
     * read (it may never).
     */
    void closeFrameReceived(int code, String reason) {
        closeCode = code;
        closeReason = reason;
        boolean echo = STATE.compareAndSet(this, ConnectionState.OPEN, ConnectionState.CLOSED);
        state = ConnectionState.CLOSED;
        // Frames sent before this close arrived go first: no data frame may follow the close frame.
        batch.writeQueued();
        if (echo) {
            out.write(new OutboundItem.Close(code, ""));
        }
        deadlines.closeWhenWritten(defaultClosureTimeout, metrics);
        deadlines.peerClosed();
        room.signal();
    }

    /**
     * Event loop: the peer broke a rule. Sends the close frame the violation calls for, ends the connection once it
     * is written (or after the closure timeout) and returns the typed exception to report.
     */
    WebSocketException violation(ProtocolViolation violation) {
        String reason = CloseCodes.truncateReason(violation.getMessage());
        boolean first = state == ConnectionState.OPEN;
        if (first) {
            closeCode = violation.closeCode();
            closeReason = reason;
        }
        boolean send = STATE.compareAndSet(this, ConnectionState.OPEN, ConnectionState.CLOSED);
        state = ConnectionState.CLOSED;
        batch.writeQueued();
        if (send) {
            out.write(new OutboundItem.Close(violation.closeCode(), reason));
        }
        deadlines.closeWhenWritten(defaultClosureTimeout, metrics);
        deadlines.fail(new ConnectionClosureException("the peer broke the protocol: " + violation.getMessage(),
                violation.closeCode(), reason));
        room.signal();
        return violation.closeCode() == CLOSE_MESSAGE_TOO_BIG
                ? new PayloadTooLargeException(violation.getMessage())
                : new CorruptedFrameException(violation.getMessage(), violation.closeCode());
    }

    /** Event loop: the TCP connection is gone. */
    void channelClosed() {
        state = ConnectionState.CLOSED;
        out.channelClosed();
        writer.release();
        batch.discard();
        deadlines.channelClosed();
        room.signal();
    }

    int closeCode() {
        return closeCode;
    }

    String closeReason() {
        return closeReason;
    }
}
