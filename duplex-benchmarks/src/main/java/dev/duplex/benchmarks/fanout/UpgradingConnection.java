package dev.duplex.benchmarks.fanout;

import dev.duplex.benchmarks.load.ClientHandshake;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.nio.charset.StandardCharsets;

/**
 * A generator's WebSocket connection to a fan-out server, independent of the libraries under test: the upgrade
 * ({@link ClientHandshake}), then the server's frames (unmasked, RFC 6455 §5.2) read out of one cumulation buffer,
 * whole frames only, each handed to {@link #onFrame}. Nothing is copied out of the received bytes.
 *
 * <p>Thread safety: owned by the channel's event loop.
 */
abstract class UpgradingConnection extends ChannelInboundHandlerAdapter {
    private static final int OPCODE_MASK = 0x0F;
    private static final int FLAG_MASKED = 0x80;
    private static final int LENGTH_MASK = 0x7F;
    private static final int LENGTH_16_BITS = 126;
    private static final int LENGTH_64_BITS = 127;

    private final String host;
    private final int port;
    private final String key = ClientHandshake.newKey();
    /** Received bytes not yet consumed: the response header, then partial frames. */
    private ByteBuf received;
    private boolean upgraded;

    UpgradingConnection(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** The upgrade succeeded; frames follow. */
    abstract void onUpgraded(ChannelHandlerContext ctx);

    /** The upgrade failed ({@code problem} says why) or the connection ended before it. */
    abstract void onUpgradeFailed(String problem);

    /** One whole frame: {@code opcode}, its payload at {@code payloadStart} of {@code frame}, valid only now. */
    abstract void onFrame(ChannelHandlerContext ctx, int opcode, ByteBuf frame, int payloadStart, int length);

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        received = ctx.alloc().heapBuffer(4096);
        ctx.writeAndFlush(ClientHandshake.request(host, port, FanoutServer.PATH, key));
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        try {
            if (received == null) {
                return;
            }
            received.writeBytes(in);
        } finally {
            in.release();
        }
        if (!upgraded && !readUpgrade(ctx)) {
            return;
        }
        readFrames(ctx);
        if (received != null) {
            received.discardReadBytes();
        }
    }

    /** Whether the response header is complete and accepted; fails the connection when it is not accepted. */
    private boolean readUpgrade(ChannelHandlerContext ctx) {
        int end = ClientHandshake.headerEnd(received);
        if (end < 0) {
            if (received.readableBytes() > ClientHandshake.MAX_RESPONSE_HEADER) {
                fail(ctx, "no end of the HTTP response within 8 KiB");
            }
            return false;
        }
        String problem = ClientHandshake.problem(received.toString(received.readerIndex(), end,
                StandardCharsets.ISO_8859_1), key);
        if (problem != null) {
            fail(ctx, problem);
            return false;
        }
        received.readerIndex(ClientHandshake.headerLength(end));
        upgraded = true;
        onUpgraded(ctx);
        return true;
    }

    private void readFrames(ChannelHandlerContext ctx) {
        // Bounded: each pass consumes one whole frame of at least two bytes.
        while (received.readableBytes() >= 2) {
            int start = received.readerIndex();
            int first = received.getUnsignedByte(start);
            int second = received.getUnsignedByte(start + 1);
            if ((second & FLAG_MASKED) != 0) {
                fail(ctx, "the server sent a masked frame");
                return;
            }
            int lengthField = second & LENGTH_MASK;
            int headerLength = lengthField == LENGTH_16_BITS ? 4 : lengthField == LENGTH_64_BITS ? 10 : 2;
            if (received.readableBytes() < headerLength) {
                return;
            }
            long length = lengthField == LENGTH_16_BITS ? received.getUnsignedShort(start + 2)
                    : lengthField == LENGTH_64_BITS ? received.getLong(start + 2) : lengthField;
            if (length > Integer.MAX_VALUE - headerLength) {
                fail(ctx, "frame of " + length + " bytes");
                return;
            }
            if (received.readableBytes() < headerLength + length) {
                return;
            }
            onFrame(ctx, first & OPCODE_MASK, received, start + headerLength, (int) length);
            received.readerIndex(start + headerLength + (int) length);
        }
    }

    private void fail(ChannelHandlerContext ctx, String problem) {
        if (!upgraded) {
            onUpgradeFailed(problem);
        }
        release();
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!upgraded && received != null) {
            onUpgradeFailed("the server closed TCP before the upgrade");
        }
        release();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(ctx, cause.toString());
    }

    private void release() {
        if (received != null) {
            received.release();
            received = null;
        }
    }

    /** Whether the upgrade completed. */
    boolean upgraded() {
        return upgraded;
    }
}
