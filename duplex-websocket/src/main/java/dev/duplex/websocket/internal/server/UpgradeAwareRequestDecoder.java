package dev.duplex.websocket.internal.server;

import dev.duplex.websocket.internal.protocol.HandshakeRules;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.List;

/**
 * The HTTP request decoder of the HTTP phase, which stops decoding at the end of an upgrade request
 * ({@code Upgrade: websocket}) when WebSocket frames follow it: a client may send them right behind its request
 * without waiting for the 101. They are told from pipelined HTTP requests by their second byte: a client frame is
 * always masked, so its second byte has the high bit set, while the first two bytes of a request line (a method
 * token, or the CR LF some clients put between requests) never do. Frames stay here, untouched, until the request is
 * decided:
 * <ul>
 *   <li>upgraded: this decoder is removed from the pipeline, and, as every {@code ByteToMessageDecoder} does, hands
 *       the bytes it holds to the WebSocket handlers that follow it;</li>
 *   <li>refused, the connection kept: {@link #resume()} decodes them as the next HTTP requests.</li>
 * </ul>
 * Without the stop, an upgrade decided on a worker ({@code DispatchMode.WORKER}, or any service with authenticators)
 * would let the frames be read as the start of another HTTP request, and lost.
 *
 * <p>Thread safety: every field is owned by the channel's event loop; {@link #resume()} is called there.
 */
final class UpgradeAwareRequestDecoder extends HttpRequestDecoder {
    private ChannelHandlerContext ctx;
    /** The last request decoded is an upgrade whose end has not been decoded yet. */
    private boolean inUpgradeRequest;
    /** An upgrade request was decoded whole and what follows is not known yet: frames, or another request. */
    private boolean afterUpgradeRequest;
    /** Frames follow an upgrade request: nothing more is decoded until {@link #resume()} or removal. */
    private boolean holding;
    /** Whether {@link #channelRead} is running: a {@link #resume()} from within it needs no new decoding pass. */
    private boolean reading;

    UpgradeAwareRequestDecoder(HttpDecoderConfig config) {
        super(config);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
        this.ctx = ctx;
        super.handlerAdded(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        reading = true;
        try {
            super.channelRead(ctx, msg);
        } finally {
            reading = false;
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out) throws Exception {
        if (afterUpgradeRequest) {
            if (buffer.readableBytes() < 2) {
                return;
            }
            afterUpgradeRequest = false;
            holding = (buffer.getByte(buffer.readerIndex() + 1) & 0x80) != 0;
        }
        if (holding) {
            return;
        }
        int before = out.size();
        super.decode(ctx, buffer, out);
        for (int i = before; i < out.size(); i++) {
            Object decoded = out.get(i);
            if (decoded instanceof HttpRequest request) {
                inUpgradeRequest = HandshakeRules.containsToken(request.headers().get(HttpHeaderNames.UPGRADE),
                        "websocket");
            }
            if (decoded instanceof LastHttpContent && inUpgradeRequest) {
                inUpgradeRequest = false;
                afterUpgradeRequest = true;
            }
        }
    }

    /**
     * The upgrade request was refused and the connection kept: decodes the bytes held since as HTTP requests, now or,
     * when called while a read is being decoded, as that read goes on.
     */
    void resume() {
        afterUpgradeRequest = false;
        if (!holding) {
            return;
        }
        holding = false;
        if (!reading && !ctx.isRemoved()) {
            try {
                channelRead(ctx, Unpooled.EMPTY_BUFFER);
            } catch (Exception failure) {
                ctx.fireExceptionCaught(failure);
            }
        }
    }
}
