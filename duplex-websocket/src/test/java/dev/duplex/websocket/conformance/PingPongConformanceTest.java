package dev.duplex.websocket.conformance;

import static dev.duplex.websocket.conformance.ConformanceAssertions.assertFailedWith;
import static dev.duplex.websocket.conformance.ConformanceAssertions.assertPong;
import static dev.duplex.websocket.testkit.RawWebSocket.OP_CONTINUATION;
import static dev.duplex.websocket.testkit.RawWebSocket.OP_PING;
import static dev.duplex.websocket.testkit.RawWebSocket.OP_TEXT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.websocket.testkit.RawWebSocket;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Category 2, pings and pongs (RFC 6455 §5.5.2, §5.5.3). The echo service has no {@code onPing}. */
@DisplayName("2 Ping/Pong")
class PingPongConformanceTest {
    @RegisterExtension
    final EchoListener server = new EchoListener();

    @Test
    void answersAnEmptyPingWithAnEmptyPong() throws Exception {
        try (RawWebSocket ws = server.connect()) {
            ws.sendPing(new byte[0]);

            assertPong(ws.readFrame(), new byte[0]);
        }
    }

    @Test
    void answersATextPingWithAPongCarryingTheSamePayload() throws Exception {
        byte[] payload = "Hello, world!".getBytes(StandardCharsets.UTF_8);
        try (RawWebSocket ws = server.connect()) {
            ws.sendPing(payload);

            assertPong(ws.readFrame(), payload);
        }
    }

    @Test
    void answersABinaryPingWithAPongCarryingTheSamePayload() throws Exception {
        byte[] payload = {0x00, (byte) 0xFF, (byte) 0xFE, (byte) 0xFD, (byte) 0xFC, (byte) 0xFB, 0x00, (byte) 0xFF};
        try (RawWebSocket ws = server.connect()) {
            ws.sendPing(payload);

            assertPong(ws.readFrame(), payload);
        }
    }

    @Test
    void answersAPingWithTheLargestControlPayloadOf125Bytes() throws Exception {
        byte[] payload = RawWebSocket.randomBytes(125);
        try (RawWebSocket ws = server.connect()) {
            ws.sendPing(payload);

            assertPong(ws.readFrame(), payload);
        }
    }

    @Test
    void closesWith1002WhenAPingCarries126Bytes() throws Exception {
        try (RawWebSocket ws = server.connect()) {
            ws.sendPing(RawWebSocket.randomBytes(126));

            assertFailedWith(ws, server, 1002);
        }
    }

    @Test
    void answersAPingWhoseBytesArriveOneAtATime() throws Exception {
        byte[] payload = RawWebSocket.randomBytes(125);
        try (RawWebSocket ws = server.connect()) {
            ws.sendInChunks(RawWebSocket.encodeFrame(true, 0, OP_PING, payload, true), 1);

            assertPong(ws.readFrame(), payload);
        }
    }

    @Test
    void answersEveryPingOfABurstInOrder() throws Exception {
        ByteArrayOutputStream burst = new ByteArrayOutputStream();
        for (int i = 0; i < 10; i++) {
            burst.writeBytes(RawWebSocket.encodeFrame(true, 0, OP_PING, ("ping " + i).getBytes(StandardCharsets.UTF_8),
                    true));
        }
        try (RawWebSocket ws = server.connect()) {
            ws.sendRaw(burst.toByteArray());

            for (int i = 0; i < 10; i++) {
                assertPong(ws.readFrame(), ("ping " + i).getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void ignoresAnUnsolicitedPongWithoutPayload() throws Exception {
        try (RawWebSocket ws = server.connect()) {
            ws.sendPong(new byte[0]);
            ws.sendText("after the pong");

            assertThat(ws.readMessage().text()).isEqualTo("after the pong");
        }
    }

    @Test
    void ignoresAnUnsolicitedPongWithPayload() throws Exception {
        try (RawWebSocket ws = server.connect()) {
            ws.sendPong("unsolicited".getBytes(StandardCharsets.UTF_8));
            ws.sendText("after the pong");

            assertThat(ws.readMessage().text()).isEqualTo("after the pong");
        }
    }

    @Test
    void answersAPingSentBetweenTheFragmentsOfAMessageBeforeEchoingTheMessage() throws Exception {
        byte[] ping = "in the middle".getBytes(StandardCharsets.UTF_8);
        try (RawWebSocket ws = server.connect()) {
            ws.sendFrame(false, OP_TEXT, "fragment1".getBytes(StandardCharsets.UTF_8));
            ws.sendPing(ping);
            ws.sendFrame(true, OP_CONTINUATION, "fragment2".getBytes(StandardCharsets.UTF_8));

            assertPong(ws.readFrame(), ping);
            assertThat(ws.readMessage().text()).isEqualTo("fragment1fragment2");
        }
    }

    @Test
    void answersAPingBeforeTheMessageItInterruptsIsComplete() throws Exception {
        byte[] ping = "ping".getBytes(StandardCharsets.UTF_8);
        try (RawWebSocket ws = server.connect()) {
            ws.sendFrame(false, OP_TEXT, "fragment1".getBytes(StandardCharsets.UTF_8));
            ws.sendPing(ping);

            assertPong(ws.readFrame(), ping);

            ws.sendFrame(true, OP_CONTINUATION, "fragment2".getBytes(StandardCharsets.UTF_8));
            assertThat(ws.readMessage().text()).isEqualTo("fragment1fragment2");
        }
    }
}
