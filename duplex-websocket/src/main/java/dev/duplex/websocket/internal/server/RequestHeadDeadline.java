package dev.duplex.websocket.internal.server;

import dev.duplex.websocket.internal.time.SaturatingDurations;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * {@code ListenerConfiguration.requestHeadTimeout}: bounds the time a client takes to send a whole request head,
 * however steadily it sends (a slow-loris client sending a byte a second never trips an idle timer).
 *
 * <p>The clock starts when the connection is accepted, so a TLS handshake counts, and, on a kept-alive connection,
 * at the first byte read after the previous response ({@link #awaitNextRequest}); it stops when a request head has
 * arrived ({@link #headArrived}). When it runs out it fires {@link #EXPIRED} down the pipeline, where the HTTP handler
 * answers 408 (or closes, when even the TLS handshake is not done). It sits after the TLS handler, so it sees
 * decrypted bytes.
 *
 * <p>Thread safety: every field is owned by the channel's event loop; the methods are called there.
 */
final class RequestHeadDeadline extends ChannelInboundHandlerAdapter {
    /** The user event fired when a request head is not complete in time. */
    static final Object EXPIRED = new Object() {
        @Override
        public String toString() {
            return "RequestHeadDeadline.EXPIRED";
        }
    };

    private final long timeoutNanos;
    private ChannelHandlerContext ctx;
    /** The running clock, or {@code null} when stopped. */
    private ScheduledFuture<?> clock;
    /** Whether the next byte read starts the clock: a response was sent and the connection kept. */
    private boolean waitingForFirstByte;

    /** @param timeout the limit; not zero */
    RequestHeadDeadline(Duration timeout) {
        this.timeoutNanos = SaturatingDurations.toNanos(timeout);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        start();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        stop();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (waitingForFirstByte && msg instanceof ByteBuf bytes && bytes.isReadable()) {
            waitingForFirstByte = false;
            start();
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        stop();
        ctx.fireChannelInactive();
    }

    /** A request head has arrived: the clock stops until {@link #awaitNextRequest}. */
    void headArrived() {
        waitingForFirstByte = false;
        stop();
    }

    /** A response was sent and the connection kept: the next request's first byte starts the clock again. */
    void awaitNextRequest() {
        stop();
        waitingForFirstByte = true;
    }

    private void start() {
        if (clock == null) {
            clock = ctx.executor().schedule(this::expire, timeoutNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void stop() {
        if (clock != null) {
            clock.cancel(false);
            clock = null;
        }
    }

    private void expire() {
        clock = null;
        if (ctx.channel().isActive()) {
            ctx.fireUserEventTriggered(EXPIRED);
        }
    }
}
