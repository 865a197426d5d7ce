package dev.duplex.websocket.auth;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * What the library logs while this is open: the tests log through slf4j-simple, which writes each line to the
 * {@code System.err} of the moment, so the lines are copied here (and still printed).
 *
 * <p>Thread safety: lines may be logged from any thread; {@link #text()} reads what was written so far.
 */
final class CapturedLog implements AutoCloseable {
    private final PrintStream original = System.err;
    private final ByteArrayOutputStream lines = new ByteArrayOutputStream();

    CapturedLog() {
        PrintStream copy = new PrintStream(lines, true, StandardCharsets.UTF_8);
        System.setErr(new PrintStream(new java.io.OutputStream() {
            @Override
            public synchronized void write(int b) {
                original.write(b);
                copy.write(b);
            }

            @Override
            public synchronized void write(byte[] bytes, int offset, int length) {
                original.write(bytes, offset, length);
                copy.write(bytes, offset, length);
            }
        }, true, StandardCharsets.UTF_8));
    }

    synchronized String text() {
        return lines.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        System.setErr(original);
    }
}
