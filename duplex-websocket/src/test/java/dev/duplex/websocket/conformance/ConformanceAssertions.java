package dev.duplex.websocket.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.websocket.CorruptedFrameException;
import dev.duplex.websocket.PayloadTooLargeException;
import dev.duplex.websocket.WebSocketException;
import dev.duplex.websocket.testkit.RawWebSocket;
import dev.duplex.websocket.testkit.RawWebSocket.Frame;
import java.io.IOException;
import java.util.List;

/** The checks every conformance category repeats, phrased as RFC 6455 states them. */
final class ConformanceAssertions {
    private ConformanceAssertions() {
    }

    /**
     * The server failed the WebSocket connection (RFC 6455 §7.1.7): the only frame it still sent is a close frame with
     * {@code code}, it closed the TCP connection without waiting for ours, and it told the service: {@code onError}
     * with the typed exception carrying the code, then {@code onClose} with the code.
     */
    static void assertFailedWith(RawWebSocket ws, EchoListener server, int code) throws Exception {
        assertClosedByServerWith(ws, code);
        Throwable error = server.awaitError();
        assertThat(error).isInstanceOf(code == 1009 ? PayloadTooLargeException.class : CorruptedFrameException.class);
        assertThat(((WebSocketException) error).closeCode()).isEqualTo(code);
        assertThat(server.awaitClose().code()).isEqualTo(code);
    }

    /** The next and last thing on the wire is a close frame with {@code code}, then the server closes TCP. */
    static Frame assertClosedByServerWith(RawWebSocket ws, int code) throws IOException {
        List<Frame> frames = ws.readFramesUntilTcpClose();
        assertThat(frames).as("frames up to the TCP close").hasSize(1);
        Frame close = frames.get(0);
        assertThat(close.opcode()).as("opcode of %s", close).isEqualTo(RawWebSocket.OP_CLOSE);
        assertThat(close.closeCode()).as("close code of %s", close).isEqualTo(code);
        assertServerFrame(close);
        return close;
    }

    /** A frame a server may send: final control frames, never masked (§5.1), no reserved bits (§5.2). */
    static void assertServerFrame(Frame frame) {
        assertThat(frame.masked()).as("%s is masked", frame).isFalse();
        assertThat(frame.rsv()).as("%s has reserved bits", frame).isZero();
    }

    /** {@code frame} is a pong carrying exactly {@code payload} (§5.5.3). */
    static void assertPong(Frame frame, byte[] payload) {
        assertThat(frame.opcode()).as("opcode of %s", frame).isEqualTo(RawWebSocket.OP_PONG);
        assertThat(frame.fin()).isTrue();
        assertThat(frame.payload()).isEqualTo(payload);
        assertServerFrame(frame);
    }
}
