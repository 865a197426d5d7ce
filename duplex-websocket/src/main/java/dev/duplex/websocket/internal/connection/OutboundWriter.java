package dev.duplex.websocket.internal.connection;

import dev.duplex.websocket.internal.protocol.FrameWriter;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.util.concurrent.CompletableFuture;

/**
 * The event loop's end of a connection's outbound side: hands each item to the channel in the order it was sent,
 * encoding there the messages whose encoding depends on the ones before them (permessage-deflate), and lets nothing
 * follow this end's close frame — an item that raced the close is freed and counted ({@code after_close}), and a
 * writer waiting on it is told.
 *
 * <p>It is also the {@link OutboundBatch}'s writer: the batch hands it what other threads sent, and once a batch is
 * written it wakes the writers waiting for room.
 *
 * <p>Thread safety: every method on the channel's event loop only; its state is that loop's.
 */
final class OutboundWriter implements OutboundBatch.Writer {
    /** Told when this end's close frame is handed to the channel. Event loop. */
    interface CloseWrittenListener {
        void closeWritten();
    }

    private static final CloseWrittenListener NOBODY = () -> { };

    /**
     * Its channel and metrics, and what a writer waiting on an item dropped behind the close frame is told. (The
     * channel is not kept here too: one field less per connection.)
     */
    private final WebSocketConnection connection;
    private final FrameWriter writer;
    /** Where writers wait for room; woken once a batch is written. */
    private final WriteRoom room;
    /** Whether this end's close frame was handed to the channel; nothing may follow it. */
    private boolean closeWritten;
    /** Told when this end's close frame is handed to the channel (the handler then stops delivering). */
    private CloseWrittenListener closeWrittenListener = NOBODY;

    OutboundWriter(WebSocketConnection connection, FrameWriter writer, WriteRoom room) {
        this.connection = connection;
        this.writer = writer;
        this.room = room;
    }

    /** {@code listener} runs when this end's close frame is handed to the channel. */
    void onCloseWritten(CloseWrittenListener listener) {
        this.closeWrittenListener = listener;
    }

    /** The batch was handed to the channel and flushed: writers waiting for room may look again. */
    @Override
    public void written() {
        if (room.hasWaiters()) {
            room.signal();
        }
    }

    /** The channel is gone: nothing more is written. */
    void channelClosed() {
        closeWritten = true;
    }

    /** One item to the channel, without flushing. */
    @Override
    public void write(Object item) {
        CompletableFuture<Void> written = null;
        if (item instanceof OutboundItem.Awaited awaited) {
            written = awaited.written();
            item = awaited.item();
        }
        if (closeWritten) {
            OutboundBatch.release(item);
            if (written != null) {
                written.completeExceptionally(connection.closeAlreadySent());
            }
            connection.metrics().error("after_close");
            return;
        }
        ByteBuf frame = encode(item);
        Channel channel = connection.channel();
        if (written == null) {
            channel.write(frame, channel.voidPromise());
        } else {
            CompletableFuture<Void> done = written;
            channel.write(frame).addListener(future -> {
                if (future.isSuccess()) {
                    done.complete(null);
                } else {
                    done.completeExceptionally(future.cause());
                }
            });
        }
    }

    private ByteBuf encode(Object item) {
        if (item instanceof ByteBuf encoded) {
            return encoded;
        }
        if (item instanceof OutboundItem.Text text) {
            return writer.text(text.text());
        }
        if (item instanceof OutboundItem.Binary binary) {
            return writer.binary(binary.data());
        }
        var close = (OutboundItem.Close) item;
        ByteBuf frame = writer.close(close.code(), close.reason());
        closeWritten = true;
        closeWrittenListener.closeWritten();
        return frame;
    }
}
