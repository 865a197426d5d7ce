package dev.duplex.websocket.conformance;

import static dev.duplex.websocket.conformance.ConformanceAssertions.assertFailedWith;
import static dev.duplex.websocket.conformance.ConformanceAssertions.assertServerFrame;
import static dev.duplex.websocket.testkit.RawWebSocket.OP_BINARY;
import static dev.duplex.websocket.testkit.RawWebSocket.OP_TEXT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.websocket.testkit.RawWebSocket;
import dev.duplex.websocket.testkit.RawWebSocket.Message;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Category 1, framing (RFC 6455 §5.2): payload lengths at each boundary of the length encoding, frames split across
 * many TCP writes and many frames in one write.
 */
@DisplayName("1 Framing")
class FramingConformanceTest {
    @RegisterExtension
    final EchoListener server = new EchoListener();

    @ParameterizedTest(name = "text of {0} bytes")
    @ValueSource(ints = {0, 125, 126, 127, 128, 65535, 65536})
    void echoesATextMessageOfEachLengthEncodingBoundary(int length) throws Exception {
        String text = "*".repeat(length);
        try (RawWebSocket ws = server.connect()) {
            ws.sendText(text);

            Message echo = ws.readMessage();
            assertThat(echo.opcode()).isEqualTo(OP_TEXT);
            assertThat(echo.text()).isEqualTo(text);
            echo.frames().forEach(ConformanceAssertions::assertServerFrame);
        }
    }

    @ParameterizedTest(name = "binary of {0} bytes")
    @ValueSource(ints = {0, 125, 126, 127, 128, 65535, 65536})
    void echoesABinaryMessageOfEachLengthEncodingBoundary(int length) throws Exception {
        byte[] data = RawWebSocket.randomBytes(length);
        try (RawWebSocket ws = server.connect()) {
            ws.sendBinary(data);

            Message echo = ws.readMessage();
            assertThat(echo.opcode()).isEqualTo(OP_BINARY);
            assertThat(echo.payload()).isEqualTo(data);
            echo.frames().forEach(ConformanceAssertions::assertServerFrame);
        }
    }

    @ParameterizedTest(name = "pieces of {0} byte(s)")
    @ValueSource(ints = {1, 7, 64, 1000})
    void readsAFrameWhoseBytesArriveInManyTcpWrites(int chunkSize) throws Exception {
        byte[] data = RawWebSocket.randomBytes(4000);
        try (RawWebSocket ws = server.connect()) {
            ws.sendInChunks(RawWebSocket.encodeFrame(true, 0, OP_BINARY, data, true), chunkSize);

            assertThat(ws.readMessage().payload()).isEqualTo(data);
        }
    }

    @Test
    void readsAFrameWithA64BitLengthWhoseHeaderArrivesOneByteAtATime() throws Exception {
        byte[] data = RawWebSocket.randomBytes(65536 - 10);
        byte[] frame = RawWebSocket.encodeFrame(true, 0, OP_BINARY, data, true);
        try (RawWebSocket ws = server.connect()) {
            ws.sendInChunks(Arrays.copyOf(frame, 8), 1);
            ws.sendRaw(Arrays.copyOfRange(frame, 8, frame.length));

            assertThat(ws.readMessage().payload()).isEqualTo(data);
        }
    }

    @Test
    void echoesEveryFrameOfOneTcpWriteInOrder() throws Exception {
        ByteArrayOutputStream batch = new ByteArrayOutputStream();
        for (int i = 0; i < 20; i++) {
            batch.writeBytes(RawWebSocket.encodeFrame(true, 0, OP_TEXT,
                    ("message " + i).getBytes(StandardCharsets.UTF_8), true));
        }
        try (RawWebSocket ws = server.connect()) {
            ws.sendRaw(batch.toByteArray());

            for (int i = 0; i < 20; i++) {
                assertThat(ws.readMessage().text()).isEqualTo("message " + i);
            }
        }
    }

    @Test
    void sendsFramesThatAreNotMaskedAndHaveNoReservedBits() throws Exception {
        try (RawWebSocket ws = server.connect()) {
            ws.sendText("Hello");

            assertServerFrame(ws.readFrame());
        }
    }

    @Test
    void closesWith1002WhenAClientFrameIsNotMasked() throws Exception {
        try (RawWebSocket ws = server.connect()) {
            ws.sendRaw(RawWebSocket.encodeFrame(true, 0, OP_TEXT, "Hello".getBytes(StandardCharsets.UTF_8), false));

            assertFailedWith(ws, server, 1002);
        }
    }

    @Test
    void closesWith1002WhenA64BitLengthHasItsMostSignificantBitSet() throws Exception {
        try (RawWebSocket ws = server.connect()) {
            ws.sendRaw(RawWebSocket.encodeHeader(true, 0, OP_BINARY, 0x8000_0000_0000_0001L,
                    RawWebSocket.randomBytes(4)));

            assertFailedWith(ws, server, 1002);
        }
    }
}
