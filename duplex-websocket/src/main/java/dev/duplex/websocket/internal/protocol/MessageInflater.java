package dev.duplex.websocket.internal.protocol;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decompresses inbound permessage-deflate messages (RFC 7692 §7.2.2) as their frames arrive: the payload pieces are
 * inflated at once and handed on in small pieces, so the receiver can enforce its message limit while inflating — a
 * small "bomb" that would inflate to gigabytes is stopped after {@code maxMessageSize} bytes.
 *
 * <p>Thread safety: not thread-safe; owned by the connection's event loop.
 */
public final class MessageInflater {
    /** Receives inflated bytes; may throw {@link ProtocolViolation} to stop (e.g. over the limit). */
    @FunctionalInterface
    public interface Output {
        void write(byte[] bytes, int length);
    }

    private static final byte[] TAIL = {0, 0, (byte) 0xFF, (byte) 0xFF};
    private static final int BUFFER = 8192;

    private final Inflater inflater = new Inflater(true);
    private final boolean noContextTakeover;
    private final byte[] buffer = new byte[BUFFER];
    private boolean ended;

    /** @param noContextTakeover the peer resets its context after each message, so this end must too */
    public MessageInflater(boolean noContextTakeover) {
        this.noContextTakeover = noContextTakeover;
    }

    /** Inflates a piece of a compressed message. */
    public void inflate(ByteBuf chunk, Output output) {
        ByteBuffer input = chunk.nioBufferCount() == 1 ? chunk.nioBuffer() : ByteBuffer.wrap(
                io.netty.buffer.ByteBufUtil.getBytes(chunk));
        drain(input, output);
    }

    /** Ends a compressed message: inflates the removed {@code 00 00 FF FF} tail, then resets if required. */
    public void finish(Output output) {
        drain(ByteBuffer.wrap(TAIL), output);
        if (noContextTakeover) {
            inflater.reset();
        }
    }

    /**
     * Inflates all of {@code input}. A block with BFINAL set ends the DEFLATE stream but not the message: the bytes
     * after it, in this chunk or the next, start a new stream (RFC 7692 §7.2.3.4).
     */
    private void drain(ByteBuffer input, Output output) {
        inflater.setInput(input);
        try {
            while (true) {
                int n = inflater.inflate(buffer);
                if (n > 0) {
                    output.write(buffer, n);
                    continue;
                }
                if (inflater.finished()) {
                    // The inflater has advanced the buffer past what it consumed: the rest is the new stream's.
                    inflater.reset();
                    if (!input.hasRemaining()) {
                        return;
                    }
                    inflater.setInput(input);
                    continue;
                }
                if (inflater.needsInput()) {
                    return;
                }
                if (inflater.needsDictionary()) {
                    throw new ProtocolViolation(WebSocketProtocol.CLOSE_INVALID_PAYLOAD,
                            "compressed message asks for a preset dictionary");
                }
            }
        } catch (DataFormatException e) {
            throw new ProtocolViolation(WebSocketProtocol.CLOSE_INVALID_PAYLOAD,
                    "compressed message is not valid DEFLATE data: " + e.getMessage());
        }
    }

    /** Frees the native inflater. */
    public void release() {
        if (!ended) {
            ended = true;
            inflater.end();
        }
    }
}
