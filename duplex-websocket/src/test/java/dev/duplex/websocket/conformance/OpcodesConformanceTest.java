package dev.duplex.websocket.conformance;

import static dev.duplex.websocket.conformance.ConformanceAssertions.assertFailedWith;
import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.websocket.testkit.RawWebSocket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Category 4, opcodes (RFC 6455 §5.2, §11.8): the reserved non-control opcodes 0x3–0x7 and control opcodes 0xB–0xF
 * mean nothing without an extension, so receiving one fails the connection with 1002.
 */
@DisplayName("4 Opcodes")
class OpcodesConformanceTest {
    @RegisterExtension
    final EchoListener server = new EchoListener();

    @ParameterizedTest(name = "opcode {0}")
    @ValueSource(ints = {0x3, 0x4, 0x5, 0x6, 0x7})
    void closesWith1002OnAReservedNonControlOpcode(int opcode) throws Exception {
        try (RawWebSocket ws = server.connect()) {
            ws.sendFrame(true, opcode, "reserved".getBytes(StandardCharsets.UTF_8));

            assertFailedWith(ws, server, 1002);
        }
    }

    @ParameterizedTest(name = "opcode {0}")
    @ValueSource(ints = {0xB, 0xC, 0xD, 0xE, 0xF})
    void closesWith1002OnAReservedControlOpcode(int opcode) throws Exception {
        try (RawWebSocket ws = server.connect()) {
            ws.sendFrame(true, opcode, "reserved".getBytes(StandardCharsets.UTF_8));

            assertFailedWith(ws, server, 1002);
        }
    }

    @Test
    void closesWith1002OnAReservedOpcodeWithoutPayload() throws Exception {
        try (RawWebSocket ws = server.connect()) {
            ws.sendFrame(true, 0x3, new byte[0]);

            assertFailedWith(ws, server, 1002);
        }
    }

    @Test
    void echoesTheMessageBeforeAReservedOpcodeButNothingAfterIt() throws Exception {
        try (RawWebSocket ws = server.connect()) {
            ws.sendText("valid");
            assertThat(ws.readMessage().text()).isEqualTo("valid");

            ws.sendFrame(true, 0xB, new byte[0]);

            assertFailedWith(ws, server, 1002);
            assertThat(server.messagesReceived()).isEqualTo(1);
        }
    }
}
