package dev.duplex.websocket.internal.connection;

import java.util.concurrent.CompletableFuture;

/**
 * What another thread hands a connection's event loop to send, besides a frame it already encoded (a {@code ByteBuf}):
 * a message the event loop must encode itself because its encoding depends on the messages before it
 * (permessage-deflate carries its compressor's context from one message to the next), the close frame, and a write
 * whose writer waits until it reached the socket.
 *
 * <p>Thread safety: immutable; made on the sender's thread and read once, on the event loop.
 */
sealed interface OutboundItem {
    /** A text message, encoded (and compressed) on the event loop, in wire order. */
    record Text(String text) implements OutboundItem {
    }

    /** A binary message, encoded (and compressed) on the event loop, in wire order; the array is not copied. */
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
