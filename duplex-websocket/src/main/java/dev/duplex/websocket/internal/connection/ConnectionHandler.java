package dev.duplex.websocket.internal.connection;

import static dev.duplex.websocket.internal.time.SaturatingDurations.toNanos;

import dev.duplex.websocket.ConnectionClosureException;
import dev.duplex.websocket.ConnectionException;
import dev.duplex.websocket.internal.protocol.FrameReader;
import dev.duplex.websocket.internal.protocol.MessageAssembler;
import dev.duplex.websocket.internal.protocol.ProtocolViolation;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Netty side of an open connection: bytes in, through {@link FrameReader} and {@link MessageAssembler}, to the
 * {@link ConnectionListener}; pings answered, close frames echoed and violations answered here, on the event loop,
 * whatever the application is doing. Also owns read pausing (backpressure): reading stops while the listener's queue
 * is full or the outbound buffer is over its high-water mark. With {@link #keepAlive}, its {@link KeepAlivePings} ping
 * the peer on an interval and drop the connection when nothing arrives within the pong timeout.
 *
 * <p>Thread safety: every field is owned by the channel's event loop; {@link #pause} and {@link #resume} may be
 * called from any thread.
 */
public final class ConnectionHandler extends ChannelInboundHandlerAdapter
        implements MessageAssembler.MessageSink, OutboundWriter.CloseWrittenListener {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionHandler.class);

    /** Reading is paused because the listener has too many messages waiting. */
    public static final int PAUSE_INBOUND_QUEUE = 1;
    /** Reading is paused because the outbound buffer is full (the peer is not reading). */
    private static final int PAUSE_OUTBOUND_BUFFER = 2;
    private final WebSocketConnection connection;
    private final ConnectionListener listener;
    private final FrameReader reader;
    private final MessageAssembler assembler;
    private final boolean answersPings;

    private ChannelHandlerContext ctx;
    private boolean inputClosed;
    private boolean ended;
    private boolean closeSent;
    private int pausedFor;

    /** The keep-alive pings and their deadlines, or {@code null} when keep-alive is off. Set before it is added. */
    private KeepAlivePings keepAlive;
    /** Armed while the outbound buffer is over its high-water mark; see {@link #armOutboundDeadline}. */
    private ScheduledFuture<?> outboundDeadline;

    /**
     * @param connection     the connection whose frames this handler reads
     * @param listener       receives the events
     * @param maxFrameSize   inbound frame limit, and the setting's name for messages
     * @param maxMessageSize inbound message limit, and the setting's name for messages
     */
    public ConnectionHandler(WebSocketConnection connection, ConnectionListener listener, boolean expectMasked,
                             int maxFrameSize, String maxFrameSizeSetting,
                             int maxMessageSize, String maxMessageSizeSetting) {
        this.connection = connection;
        this.listener = listener;
        this.assembler = new MessageAssembler(connection.channel().alloc(), this, maxMessageSize,
                maxMessageSizeSetting);
        this.reader = new FrameReader(assembler, expectMasked, maxFrameSize, maxFrameSizeSetting);
        this.answersPings = listener.answersPings();
        connection.onCloseWritten(this);
    }

    /** Accepts RSV1 and inflates compressed messages (permessage-deflate was agreed). Before the handler is added. */
    public void inflateWith(dev.duplex.websocket.internal.protocol.MessageInflater inflater) {
        reader.allowRsv1();
        assembler.inflateWith(inflater);
    }

    /**
     * Pings the peer every {@code interval} and drops the TCP connection (close code 1006 for both ends) when no
     * frame at all arrives within {@code pongTimeout} of a ping. Before the handler is added.
     */
    public void keepAlive(Duration interval, Duration pongTimeout) {
        this.keepAlive = interval.isZero() ? null : new KeepAlivePings(this, connection, interval, pongTimeout);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        connection.metrics().connectionOpened();
        listener.onOpen();
        if (!ctx.channel().isActive()) {
            end();
            return;
        }
        if (keepAlive != null) {
            keepAlive.start(ctx);
        }
    }

    /** Event loop: whether the connection has ended (its channel closed). */
    boolean ended() {
        return ended;
    }

    /** Event loop: whether reading is paused, for any reason. */
    boolean paused() {
        return pausedFor != 0;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (keepAlive != null) {
            keepAlive.arrived();
        }
        try {
            if (!inputClosed) {
                reader.read(in);
            }
        } catch (ProtocolViolation violation) {
            inputClosed = true;
            assembler.release();
            connection.metrics().error(violation.closeCode() == dev.duplex.websocket.internal.protocol
                    .WebSocketProtocol.CLOSE_MESSAGE_TOO_BIG ? "message_too_big" : "protocol");
            failAfterDeliveredEvents(violation);
        } finally {
            in.release();
        }
    }

    /**
     * The peer broke a rule: nothing more is read, and the violation takes its place in order behind the events
     * already delivered. Their consequences (replies, echoes) go out first, then the close frame; within the closure
     * timeout, whether or not the application gets to them.
     */
    private void failAfterDeliveredEvents(ProtocolViolation violation) {
        var failure = new Runnable() {
            private boolean done;

            @Override
            public void run() {
                if (done || ended) {
                    return;
                }
                done = true;
                listener.onError(connection.violation(violation));
            }
        };
        Duration deadline = connection.defaultClosureTimeout();
        if (!deadline.isNegative() && !deadline.isZero()) {
            ctx.executor().schedule(failure, toNanos(deadline), TimeUnit.NANOSECONDS);
        }
        if (deadline.isZero()) {
            failure.run();
            return;
        }
        listener.afterDeliveredEvents(() -> runOnEventLoop(failure));
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        end();
        ctx.fireChannelInactive();
    }

    private void end() {
        if (ended) {
            return;
        }
        ended = true;
        inputClosed = true;
        if (keepAlive != null) {
            keepAlive.stop();
        }
        if (outboundDeadline != null) {
            outboundDeadline.cancel(false);
        }
        assembler.release();
        reader.release();
        connection.channelClosed();
        connection.metrics().connectionClosed(connection.closeCode());
        listener.onClose(connection.closeCode(), connection.closeReason());
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        connection.signalWriters();
        if (ctx.channel().isWritable()) {
            if (outboundDeadline != null) {
                outboundDeadline.cancel(false);
                outboundDeadline = null;
            }
            resumeOnLoop(PAUSE_OUTBOUND_BUFFER);
        } else {
            pauseOnLoop(PAUSE_OUTBOUND_BUFFER);
            armOutboundDeadline();
        }
        ctx.fireChannelWritabilityChanged();
    }

    /**
     * The outbound buffer went over its high-water mark. A writer that waits for room has the write timeout; this is
     * the same deadline for a buffer that stays full with nobody waiting on it (an event-loop service, replies,
     * pongs): if the peer has not read it down within {@code writeTimeout}, the connection closes with 1008.
     */
    private void armOutboundDeadline() {
        Duration timeout = connection.writeTimeout();
        if (timeout.isZero() || outboundDeadline != null || ended) {
            return;
        }
        outboundDeadline = ctx.executor().schedule(() -> {
            outboundDeadline = null;
            if (connection.hasWaitingWriters()) {
                // A writer waits for room: its own write timeout ends this, with a WriteTimeoutException to it.
                armOutboundDeadline();
                return;
            }
            if (!ended && !ctx.channel().isWritable()) {
                LOG.info("connection {}: the peer has not read for {} (writeTimeout); closing with 1008",
                        connection.id(), timeout);
                connection.closeForSlowPeer();
            }
        }, toNanos(timeout), TimeUnit.NANOSECONDS);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent) {
            if (connection.isOpen()) {
                listener.onIdleTimeout();
            }
            return;
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (ended) {
            return;
        }
        LOG.debug("connection {} failed", connection.id(), cause);
        connection.metrics().error("io");
        listener.onError(new ConnectionException("connection " + connection.id() + " failed: " + cause, cause));
        ctx.close();
    }

    // ---- MessageSink: called from reader.read, on the event loop ----

    @Override
    public void textMessage(ByteBuf utf8) {
        if (closeSent) {
            utf8.release();
            return;
        }
        connection.metrics().received("text", utf8.readableBytes());
        listener.onText(utf8);
    }

    @Override
    public void binaryMessage(ByteBuf data) {
        if (closeSent) {
            data.release();
            return;
        }
        connection.metrics().received("binary", data.readableBytes());
        listener.onBinary(data);
    }

    @Override
    public void ping(ByteBuf payload) {
        connection.metrics().received("ping", payload.readableBytes());
        if (closeSent) {
            // This end sent its close frame: no pong may follow it, and the application hears nothing more.
            return;
        }
        byte[] bytes = ByteBufUtil.getBytes(payload);
        if (answersPings) {
            listener.onPing(bytes);
            return;
        }
        try {
            connection.sendPong(bytes);
        } catch (ConnectionClosureException closing) {
            // A close frame is already on its way; the pong no longer matters.
        }
    }

    @Override
    public void pong(ByteBuf payload) {
        connection.metrics().received("pong", payload.readableBytes());
        if (closeSent) {
            // After this end's close frame the application hears nothing but onClose: nothing queues for it while
            // reading goes on to find the peer's close frame.
            return;
        }
        byte[] bytes = ByteBufUtil.getBytes(payload);
        if (keepAlive != null && keepAlive.answers(bytes)) {
            // The answer to one of this handler's own keep-alive pings: it already counted as a sign of life.
            return;
        }
        listener.onPong(bytes);
    }

    @Override
    public void close(int code, String reason) {
        connection.metrics().received("close", 0);
        inputClosed = true;
        connection.closeFrameReceived(code, reason);
    }

    // ---- read pausing ----

    /**
     * Runs {@code task} on this connection's event loop: at once when called there, soon after otherwise. Any thread.
     * A queue that pauses reading from the event loop must also decide to resume there: a resume decided on another
     * thread and run later can undo a pause made in between, leaving reading on while the queue is full.
     */
    public void runOnEventLoop(Runnable task) {
        var loop = connection.channel().eventLoop();
        if (loop.inEventLoop()) {
            task.run();
        } else {
            loop.execute(task);
        }
    }

    /** Stops reading from the socket for {@code reason} until {@link #resume} with the same reason. Any thread. */
    public void pause(int reason) {
        if (ctx.executor().inEventLoop()) {
            pauseOnLoop(reason);
        } else {
            ctx.executor().execute(() -> pauseOnLoop(reason));
        }
    }

    /** Resumes reading once no reason to pause is left. Any thread. */
    public void resume(int reason) {
        if (ctx.executor().inEventLoop()) {
            resumeOnLoop(reason);
        } else {
            ctx.executor().execute(() -> resumeOnLoop(reason));
        }
    }

    /**
     * Event loop: this end's close frame is on its way; read on until the peer's answer, never pausing again. From
     * here on nothing is delivered to the listener but the end ({@code onClose}), so nothing queues while reading goes
     * on: data messages and pings and pongs still arriving are dropped (the application asked to close). Called by
     * the connection's {@link OutboundWriter} (this handler is its listener: no lambda per connection).
     */
    @Override
    public void closeWritten() {
        closeSent = true;
        if (pausedFor != 0) {
            pausedFor = 0;
            readingResumed();
        }
    }

    /** Event loop: reading goes on after a pause; a keep-alive judgement put off by the pause starts now. */
    private void readingResumed() {
        ctx.channel().config().setAutoRead(true);
        ctx.read();
        if (keepAlive != null) {
            keepAlive.readingResumed();
        }
    }

    private void pauseOnLoop(int reason) {
        if (closeSent) {
            return;
        }
        if (pausedFor == 0) {
            ctx.channel().config().setAutoRead(false);
        }
        pausedFor |= reason;
    }

    private void resumeOnLoop(int reason) {
        if (pausedFor == 0) {
            return;
        }
        pausedFor &= ~reason;
        if (pausedFor == 0) {
            readingResumed();
        }
    }
}
