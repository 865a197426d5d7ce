package dev.duplex.websocket.testkit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A byte stream cut into the pieces a socket might deliver it in, so that a fuzz target sees every frame and header
 * boundary fall anywhere inside a read.
 *
 * <p>Thread safety: stateless.
 */
public final class SocketReads {
    private SocketReads() {
    }

    /**
     * Cuts {@code stream[from..]} into pieces of {@code pieceSize} bytes (the last one shorter).
     *
     * @param pieceSize bytes per piece; {@code 0} or less keeps the whole rest as one piece
     * @return the pieces, in order; none when nothing is left from {@code from}
     */
    public static List<byte[]> cut(byte[] stream, int from, int pieceSize) {
        List<byte[]> pieces = new ArrayList<>();
        int size = pieceSize <= 0 ? Math.max(1, stream.length - from) : pieceSize;
        for (int start = from; start < stream.length; start += size) {
            pieces.add(Arrays.copyOfRange(stream, start, Math.min(stream.length, start + size)));
        }
        return pieces;
    }
}
