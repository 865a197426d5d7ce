package dev.duplex.websocket.testkit;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The permessage-deflate side of a {@link RawWebSocket} peer (RFC 7692 §7.2): compresses message payloads (raw
 * DEFLATE, sync flush, the trailing {@code 00 00 FF FF} removed) and inflates the ones it receives, keeping or
 * dropping the LZ77 context between messages as the test asks. It checks nothing the server does; tests do.
 *
 * <p>Not thread-safe: one test thread drives it. {@link #close()} frees the native zlib state.
 */
public final class DeflatePeer implements AutoCloseable {
    private static final byte[] TAIL = {0, 0, (byte) 0xFF, (byte) 0xFF};

    private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    private final Inflater inflater = new Inflater(true);
    private final boolean resetDeflater;
    private final boolean resetInflater;

    /**
     * @param resetDeflater drop the compression context after each message (as {@code client_no_context_takeover}
     *                      requires of a client)
     * @param resetInflater drop the decompression context after each message (so a server that agreed to
     *                      {@code server_no_context_takeover} but kept its context would produce garbage here)
     */
    public DeflatePeer(boolean resetDeflater, boolean resetInflater) {
        this.resetDeflater = resetDeflater;
        this.resetInflater = resetInflater;
    }

    /** The payload of a compressed frame carrying {@code message}. */
    public byte[] compress(byte[] message) {
        deflater.setInput(message);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        for (int i = 0; i < 1_000_000; i++) {
            int n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
            out.write(buffer, 0, n);
            if (n < buffer.length && deflater.needsInput()) {
                break;
            }
        }
        if (resetDeflater) {
            deflater.reset();
        }
        byte[] all = out.toByteArray();
        return Arrays.copyOf(all, all.length - TAIL.length);
    }

    /**
     * The message a compressed payload carries.
     *
     * @throws IllegalStateException when it is not valid DEFLATE data in this inflater's context
     */
    public byte[] inflate(byte[] payload) {
        byte[] input = Arrays.copyOf(payload, payload.length + TAIL.length);
        System.arraycopy(TAIL, 0, input, payload.length, TAIL.length);
        inflater.setInput(input);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int i = 0; i < 1_000_000; i++) {
                int n = inflater.inflate(buffer);
                out.write(buffer, 0, n);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary() || inflater.finished())) {
                    break;
                }
            }
        } catch (DataFormatException e) {
            throw new IllegalStateException("not valid DEFLATE data in this context: " + e.getMessage(), e);
        }
        if (resetInflater) {
            inflater.reset();
        }
        return out.toByteArray();
    }

    /** A fresh inflater's view of {@code payload}: inflates it with no context from earlier messages. */
    public static byte[] inflateAlone(byte[] payload) {
        try (DeflatePeer alone = new DeflatePeer(true, true)) {
            return alone.inflate(payload);
        }
    }

    @Override
    public void close() {
        deflater.end();
        inflater.end();
    }
}
