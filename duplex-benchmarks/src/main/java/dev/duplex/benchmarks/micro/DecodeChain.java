package dev.duplex.benchmarks.micro;

import dev.duplex.websocket.internal.protocol.FrameReader;
import dev.duplex.websocket.internal.protocol.MessageAssembler;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;

/**
 * The server's inbound path without the socket: {@link FrameReader} (frame rules, unmasking) into
 * {@link MessageAssembler} (UTF-8, aggregation), into a sink that either only counts (the protocol's own cost) or
 * also turns each message into what a service method receives, a {@code String} or a {@code byte[]}, as the
 * dispatcher does.
 *
 * <p>Input frames use the all-zero masking key: a legal key (RFC 6455 §5.3 only asks that it be unpredictable), which
 * {@code Masking} still applies byte for byte, and which leaves the input unchanged, so one buffer can be decoded
 * again and again without copying it first. Should the library ever skip masking for a zero key, these benchmarks
 * must switch to copying.
 *
 * <p>Thread safety: not thread-safe; one per benchmark thread.
 */
final class DecodeChain implements MessageAssembler.MessageSink {
    static final int LIMIT = 16 << 20;

    private final FrameReader reader;
    private final boolean toServiceArgument;
    long bytes;
    Object lastArgument;

    DecodeChain(boolean toServiceArgument) {
        this.toServiceArgument = toServiceArgument;
        var assembler = new MessageAssembler(ByteBufAllocator.DEFAULT, this, LIMIT, "benchmark.maxMessageSize");
        this.reader = new FrameReader(assembler, true, LIMIT, "benchmark.maxFrameSize");
    }

    /** Decodes every frame in {@code in} from its start; returns the payload bytes seen so far. */
    long decode(ByteBuf in) {
        in.readerIndex(0);
        reader.read(in);
        return bytes;
    }

    @Override
    public void textMessage(ByteBuf utf8) {
        bytes += utf8.readableBytes();
        if (toServiceArgument) {
            lastArgument = utf8.toString(StandardCharsets.UTF_8);
        }
        utf8.release();
    }

    @Override
    public void binaryMessage(ByteBuf data) {
        bytes += data.readableBytes();
        if (toServiceArgument) {
            lastArgument = ByteBufUtil.getBytes(data);
        }
        data.release();
    }

    @Override
    public void ping(ByteBuf payload) {
    }

    @Override
    public void pong(ByteBuf payload) {
    }

    @Override
    public void close(int code, String reason) {
    }

    /**
     * A direct buffer from Netty's default allocator (the adaptive one in 4.2, which the event loop reads with)
     * holding {@code frames}.
     */
    static ByteBuf input(byte[] frames) {
        ByteBuf in = ByteBufAllocator.DEFAULT.directBuffer(frames.length);
        in.writeBytes(frames);
        return in;
    }
}
