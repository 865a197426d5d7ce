package dev.duplex.websocket.internal.protocol;

import java.io.ByteArrayOutputStream;
import java.util.zip.Deflater;

/**
 * Compresses outbound messages for permessage-deflate (RFC 7692 §7.2.1): raw DEFLATE, each message ended with a sync
 * flush whose trailing {@code 00 00 FF FF} is removed. Messages shorter than the threshold are left uncompressed
 * (sending a message uncompressed is always allowed). When the peer limited this end's window below the JDK's fixed
 * 32 KiB, only messages that fit in that window are compressed, each with a fresh context.
 *
 * <p>Thread safety: not thread-safe; the connection calls it under its send lock, in wire order, which context
 * takeover requires.
 */
public final class MessageDeflater {
    private static final int BUFFER = 8192;

    private final Deflater deflater;
    private final boolean noContextTakeover;
    private final int windowLimit;
    private final int threshold;
    private final int maxWindowBits;
    private final byte[] buffer = new byte[BUFFER];
    private boolean ended;

    /**
     * @param noContextTakeover reset after every message (the peer asked for it)
     * @param maxWindowBits     the window the peer allows this end (8–15)
     * @param threshold         messages shorter than this many bytes go uncompressed
     */
    public MessageDeflater(boolean noContextTakeover, int maxWindowBits, int threshold) {
        this.deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        this.noContextTakeover = noContextTakeover;
        this.windowLimit = maxWindowBits >= PerMessageDeflate.MAX_WINDOW_BITS ? Integer.MAX_VALUE : 1 << maxWindowBits;
        this.threshold = threshold;
        this.maxWindowBits = maxWindowBits;
    }

    /**
     * The parameters a message's compressed form depends on, when it depends on nothing else: with no context
     * takeover every message starts from a fresh context, so two deflaters with equal parameters turn a message into
     * the same bytes, and one compressed frame can go to every connection that agreed them (a group's broadcast).
     * {@code null} when the context carries from one message to the next.
     */
    public Shared shared() {
        return noContextTakeover ? new Shared(maxWindowBits, threshold) : null;
    }

    /**
     * What a context-free deflater's output depends on.
     *
     * @param maxWindowBits the window the peer allows (8–15)
     * @param threshold     messages shorter than this many bytes go uncompressed
     */
    public record Shared(int maxWindowBits, int threshold) {
        /** A deflater with these parameters and no context takeover; the caller releases it. */
        public MessageDeflater newDeflater() {
            return new MessageDeflater(true, maxWindowBits, threshold);
        }
    }

    /**
     * The compressed form of {@code length} bytes of {@code data}, or {@code null} when the message is to be sent
     * uncompressed.
     */
    public byte[] compress(byte[] data, int offset, int length) {
        if (ended || length < threshold || length > windowLimit) {
            return null;
        }
        boolean freshContext = noContextTakeover || windowLimit != Integer.MAX_VALUE;
        if (freshContext) {
            deflater.reset();
        }
        deflater.setInput(data, offset, length);
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, length / 2));
        int written;
        do {
            written = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
            out.write(buffer, 0, written);
        } while (written == buffer.length || !deflater.needsInput());
        byte[] compressed = out.toByteArray();
        int end = compressed.length;
        if (end >= 4 && compressed[end - 4] == 0 && compressed[end - 3] == 0
                && compressed[end - 2] == (byte) 0xFF && compressed[end - 1] == (byte) 0xFF) {
            end -= 4;
        }
        if (freshContext) {
            deflater.reset();
        }
        if (end == 0) {
            return new byte[] {0};
        }
        return end == compressed.length ? compressed : java.util.Arrays.copyOf(compressed, end);
    }

    /** Frees the native deflater; later messages go uncompressed. */
    public void release() {
        if (!ended) {
            ended = true;
            deflater.end();
        }
    }
}
