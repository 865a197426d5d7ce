package dev.duplex.websocket.conformance;

import static dev.duplex.websocket.conformance.ConformanceAssertions.assertFailedWith;
import static dev.duplex.websocket.testkit.RawWebSocket.OP_BINARY;
import static dev.duplex.websocket.testkit.RawWebSocket.OP_CLOSE;
import static dev.duplex.websocket.testkit.RawWebSocket.OP_PING;
import static dev.duplex.websocket.testkit.RawWebSocket.OP_TEXT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.websocket.testkit.RawWebSocket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Category 3, reserved bits (RFC 6455 §5.2): with no extension negotiated (the raw peer asks for none), a frame with
 * any of RSV1, RSV2 or RSV3 set fails the connection with 1002, and nothing of that frame is echoed.
 */
@DisplayName("3 Reserved bits")
class ReservedBitsConformanceTest {
    @RegisterExtension
    final EchoListener server = new EchoListener();

    /** Every non-zero RSV field (1 = RSV3 … 4 = RSV1 … 7 = all three) on each kind of frame. */
    static Stream<Arguments> reservedBitsAndOpcodes() {
        return IntStream.rangeClosed(1, 7).boxed().flatMap(rsv -> Stream.of(OP_TEXT, OP_BINARY, OP_PING, OP_CLOSE)
                .map(opcode -> Arguments.of(rsv, opcode)));
    }

    @ParameterizedTest(name = "RSV={0} on opcode {1}")
    @MethodSource("reservedBitsAndOpcodes")
    void closesWith1002WhenReservedBitsAreSetWithoutAnExtension(int rsv, int opcode) throws Exception {
        byte[] payload = opcode == OP_CLOSE ? new byte[] {0x03, (byte) 0xE8} : "Hello".getBytes(StandardCharsets.UTF_8);
        try (RawWebSocket ws = server.connect()) {
            ws.sendFrame(true, rsv, opcode, payload);

            assertFailedWith(ws, server, 1002);
            assertThat(server.messagesReceived()).isZero();
        }
    }

    @Test
    void echoesTheMessagesBeforeAFrameWithReservedBitsButNotThatFrame() throws Exception {
        try (RawWebSocket ws = server.connect()) {
            ws.sendText("valid");
            assertThat(ws.readMessage().text()).isEqualTo("valid");

            ws.sendFrame(true, 2, OP_TEXT, "invalid".getBytes(StandardCharsets.UTF_8));

            assertFailedWith(ws, server, 1002);
            assertThat(server.messagesReceived()).isEqualTo(1);
        }
    }

    @Test
    void closesWith1002FromTheFirstTwoBytesAloneWhenTheyArriveOneAtATime() throws Exception {
        byte[] frame = RawWebSocket.encodeFrame(true, 4, OP_TEXT, "Hello".getBytes(StandardCharsets.UTF_8), true);
        try (RawWebSocket ws = server.connect()) {
            // Only the first two bytes: the rest would meet a closed socket, as the server must not wait for it.
            ws.sendInChunks(Arrays.copyOf(frame, 2), 1);

            assertFailedWith(ws, server, 1002);
        }
    }
}
