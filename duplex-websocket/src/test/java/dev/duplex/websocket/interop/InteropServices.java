package dev.duplex.websocket.interop;

import dev.duplex.websocket.CloseFrame;
import dev.duplex.websocket.Service;
import java.util.concurrent.CompletableFuture;

/** The services the interop tests put behind our listener for real peers (the JDK client, Chromium). */
final class InteropServices {
    private InteropServices() {
    }

    public static class Echo implements Service {
        public String onTextMessage(String text) {
            return text;
        }

        public byte[] onBinaryMessage(byte[] data) {
            return data;
        }
    }

    /** Echoes, and reports the close the connection ended with. */
    public static class EchoReportingClose extends Echo {
        private final CompletableFuture<CloseSeen> closed;

        public EchoReportingClose(CompletableFuture<CloseSeen> closed) {
            this.closed = closed;
        }

        public void onClose(int statusCode, String reason) {
            closed.complete(new CloseSeen(statusCode, reason));
        }
    }

    /** The close code and reason our service's {@code onClose} got. */
    record CloseSeen(int statusCode, String reason) {
    }

    /** Answers any text message with a close frame 4001 "done"; reports its onClose. */
    public static class Closer implements Service {
        private final CompletableFuture<CloseSeen> closed;

        public Closer(CompletableFuture<CloseSeen> closed) {
            this.closed = closed;
        }

        public CloseFrame onTextMessage(String text) {
            return new CloseFrame(4001, "done");
        }

        public void onClose(int statusCode, String reason) {
            closed.complete(new CloseSeen(statusCode, reason));
        }
    }

}
