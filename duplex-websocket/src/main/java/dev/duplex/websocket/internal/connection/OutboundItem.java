package dev.duplex.websocket.internal.connection;

import dev.duplex.websocket.WsServiceConfig;
import dev.duplex.websocket.internal.protocol.FrameWriter;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * What another thread hands a connection's event loop to send, besides a frame it already encoded (a {@code ByteBuf}):
 * a message for the event loop to encode (see {@link #queued(String, FrameWriter)}), the close frame, and a write
 * whose writer waits until it reached the socket.
 *
 * <p>Thread safety: immutable; made on the sender's thread and read once, on the event loop.
 */
sealed interface OutboundItem {
    /**
     * The largest message (in bytes, or chars of text) another thread hands to the event loop unencoded, for the loop
     * to encode: its frame is then allocated and freed by the loop's own thread, where Netty's allocator recycles it
     * without contention (WORKER mode: a third less CPU per message at 16 KiB; at 1 MiB 1.2-1.6 times the messages
     * per second in an A/B run, although a binary message is copied once more, off the loop, since its sender may
     * reuse the array). It is the default message size limit: the loop already copies a message that large when it
     * arrives. A larger one is encoded by the sending thread, so that copying it does not hold up the loop's other
     * connections for longer.
     */
    int ENCODED_ON_LOOP_MAX = WsServiceConfig.DEFAULT_MAX_MESSAGE_SIZE;

    /**
     * What another thread queues to send {@code text}: the text, for the event loop to encode, when it is at most
     * {@link #ENCODED_ON_LOOP_MAX} or compressed (permessage-deflate carries its compressor's context from one message
     * to the next, so the loop compresses in wire order); otherwise its frame, encoded here.
     */
    static Object queued(String text, FrameWriter writer) {
        return writer.compresses() || text.length() <= ENCODED_ON_LOOP_MAX ? new Text(text) : writer.text(text);
    }

    /** As {@link #queued(String, FrameWriter)}, for a binary message; the caller may reuse {@code data} at once. */
    static Object queued(byte[] data, FrameWriter writer) {
        return writer.compresses() || data.length <= ENCODED_ON_LOOP_MAX ? new Binary(data.clone())
                : writer.binary(data);
    }

    /**
     * As {@link #queued(byte[], FrameWriter)}, for the remaining bytes of {@code data}, which this consumes; the caller
     * may reuse the buffer at once.
     */
    static Object queued(ByteBuffer data, FrameWriter writer) {
        if (writer.compresses() || data.remaining() <= ENCODED_ON_LOOP_MAX) {
            byte[] copy = new byte[data.remaining()];
            data.get(copy);
            return new Binary(copy);
        }
        return writer.binary(data);
    }

    /** A text message, encoded (and compressed) on the event loop, in wire order. */
    record Text(String text) implements OutboundItem {
    }

    /** A binary message, encoded (and compressed) on the event loop, in wire order; the array is the sender's copy. */
    record Binary(byte[] data) implements OutboundItem {
    }

    /** This end's close frame: nothing queued behind it is sent. */
    record Close(int code, String reason) implements OutboundItem {
    }

    /**
     * {@code item} (a {@code ByteBuf} or another {@link OutboundItem}), whose writer waits for {@code written}: completed
     * once its bytes reached the socket, failed when they never will.
     */
    record Awaited(Object item, CompletableFuture<Void> written) implements OutboundItem {
    }
}
