package dev.duplex.websocket.conformance;

import static dev.duplex.websocket.conformance.ConformanceAssertions.assertClosedByServerWith;
import static dev.duplex.websocket.testkit.RawWebSocket.OP_BINARY;
import static dev.duplex.websocket.testkit.RawWebSocket.OP_CONTINUATION;
import static dev.duplex.websocket.testkit.RawWebSocket.OP_TEXT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.websocket.PayloadTooLargeException;
import dev.duplex.websocket.WsServiceConfig;
import dev.duplex.websocket.testkit.RawWebSocket;
import dev.duplex.websocket.testkit.RawWebSocket.Message;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Category 9, limits and volume (RFC 6455 §10.4): messages up to the configured limits are echoed whole; a frame over
 * {@code maxFrameSize} or a message over {@code maxMessageSize} fails the connection with 1009 as soon as a frame
 * header announces too much, before its payload or the remaining fragments are sent. Sizes and loop counts are bounded
 * so the whole category runs in a few seconds.
 */
@DisplayName("9 Limits")
class LimitsConformanceTest {
    private static final int KIB = 1024;
    private static final int MIB = 1024 * 1024;

    /** Sends {@code data} as fragments of {@code fragmentSize} bytes, all in one write. */
    private static void sendFragmented(RawWebSocket ws, int opcode, byte[] data, int fragmentSize) throws Exception {
        ByteArrayOutputStream frames = new ByteArrayOutputStream(data.length + data.length / fragmentSize * 8 + 16);
        for (int start = 0; start < data.length; start += fragmentSize) {
            int end = Math.min(start + fragmentSize, data.length);
            frames.writeBytes(RawWebSocket.encodeFrame(end == data.length, 0, start == 0 ? opcode : OP_CONTINUATION,
                    Arrays.copyOfRange(data, start, end), true));
        }
        ws.sendRaw(frames.toByteArray());
    }

    /** A frame header alone, masked, announcing {@code length} payload bytes that are never sent. */
    private static byte[] headerOnly(boolean fin, int opcode, long length) {
        return RawWebSocket.encodeHeader(fin, 0, opcode, length, RawWebSocket.randomBytes(4));
    }

    /** The server failed the connection with 1009 and told the service which setting to change. */
    private static void assertTooLarge(RawWebSocket ws, EchoListener server, String setting) throws Exception {
        assertClosedByServerWith(ws, 1009);
        assertThat(server.awaitError()).isInstanceOf(PayloadTooLargeException.class)
                .hasMessageContaining("(WsServiceConfig." + setting + ")");
        assertThat(server.awaitClose().code()).isEqualTo(1009);
    }

    @Nested
    @DisplayName("defaults: maxFrameSize 64 KiB, maxMessageSize 1 MiB")
    class DefaultLimits {
        @RegisterExtension
        final EchoListener server = new EchoListener();

        @Test
        void echoesABinaryMessageOfMaxMessageSizeSentInFragmentsOfMaxFrameSize() throws Exception {
            byte[] data = RawWebSocket.randomBytes(MIB);
            try (RawWebSocket ws = server.connect()) {
                sendFragmented(ws, OP_BINARY, data, 64 * KIB);

                Message echo = ws.readMessage();
                assertThat(echo.payload()).isEqualTo(data);
                assertThat(echo.frames()).hasSize(16);
            }
        }

        @Test
        void echoesATextMessageOfMaxMessageSizeSentInFragmentsOfMaxFrameSize() throws Exception {
            byte[] text = "0123456789abcdef".repeat(MIB / 16).getBytes(StandardCharsets.UTF_8);
            try (RawWebSocket ws = server.connect()) {
                sendFragmented(ws, OP_TEXT, text, 64 * KIB);

                Message echo = ws.readMessage();
                assertThat(echo.opcode()).isEqualTo(OP_TEXT);
                assertThat(echo.payload()).isEqualTo(text);
            }
        }

        @Test
        void closesWith1009WhenAFrameHeaderAnnouncesMoreThanMaxFrameSize() throws Exception {
            try (RawWebSocket ws = server.connect()) {
                ws.sendRaw(headerOnly(true, OP_BINARY, 64 * KIB + 1));

                assertTooLarge(ws, server, "maxFrameSize");
            }
        }

        @Test
        void closesWith1009WhenAFrameHeaderAnnouncesTheLargestLength() throws Exception {
            try (RawWebSocket ws = server.connect()) {
                ws.sendRaw(headerOnly(true, OP_TEXT, Long.MAX_VALUE));

                assertTooLarge(ws, server, "maxFrameSize");
            }
        }

        @Test
        void closesWith1009BeforeTheFragmentThatWouldExceedMaxMessageSizeIsSent() throws Exception {
            try (RawWebSocket ws = server.connect()) {
                byte[] fragment = RawWebSocket.randomBytes(64 * KIB);
                for (int i = 0; i < 16; i++) {
                    ws.sendFrame(false, i == 0 ? OP_BINARY : OP_CONTINUATION, fragment);
                }
                ws.sendRaw(headerOnly(true, OP_CONTINUATION, 1));

                assertTooLarge(ws, server, "maxMessageSize");
                assertThat(server.messagesReceived()).isZero();
            }
        }

        @Test
        void echoesOneThousandSmallMessagesInOrder() throws Exception {
            try (RawWebSocket ws = server.connect()) {
                for (int batch = 0; batch < 100; batch++) {
                    ByteArrayOutputStream frames = new ByteArrayOutputStream();
                    for (int i = 0; i < 10; i++) {
                        frames.writeBytes(RawWebSocket.encodeFrame(true, 0, OP_TEXT,
                                ("message " + (batch * 10 + i)).getBytes(StandardCharsets.UTF_8), true));
                    }
                    ws.sendRaw(frames.toByteArray());
                    for (int i = 0; i < 10; i++) {
                        assertThat(ws.readMessage().text()).isEqualTo("message " + (batch * 10 + i));
                    }
                }
            }
        }

        @Test
        void keepsServingOtherConnectionsAfterOneExceedsALimit() throws Exception {
            try (RawWebSocket healthy = server.connect(); RawWebSocket offender = server.connect()) {
                offender.sendRaw(headerOnly(true, OP_BINARY, 64 * KIB + 1));
                assertClosedByServerWith(offender, 1009);

                healthy.sendText("still here");

                assertThat(healthy.readMessage().text()).isEqualTo("still here");
            }
        }
    }

    @Nested
    @DisplayName("raised: maxFrameSize 1 MiB, maxMessageSize 1 MiB")
    class RaisedFrameLimit {
        @RegisterExtension
        final EchoListener server = new EchoListener(
                WsServiceConfig.builder().maxFrameSize(MIB).maxMessageSize(MIB).build());

        @Test
        void echoesABinaryMessageOfOneMebibyteInOneFrame() throws Exception {
            byte[] data = RawWebSocket.randomBytes(MIB);
            try (RawWebSocket ws = server.connect()) {
                ws.sendBinary(data);

                Message echo = ws.readMessage();
                assertThat(echo.payload()).isEqualTo(data);
                assertThat(echo.frames()).hasSize(1);
            }
        }

        @Test
        void echoesATextMessageOfOneMebibyteInOneFrame() throws Exception {
            String text = "\u00e9".repeat(MIB / 2);
            try (RawWebSocket ws = server.connect()) {
                ws.sendText(text);

                assertThat(ws.readMessage().text()).isEqualTo(text);
            }
        }

        @Test
        void closesWith1009WhenAFrameHeaderAnnouncesOneByteMoreThanOneMebibyte() throws Exception {
            try (RawWebSocket ws = server.connect()) {
                ws.sendRaw(headerOnly(true, OP_BINARY, MIB + 1));

                assertTooLarge(ws, server, "maxFrameSize");
            }
        }
    }

    @Nested
    @DisplayName("small: maxFrameSize 1 KiB, maxMessageSize 4 KiB")
    class SmallLimits {
        @RegisterExtension
        final EchoListener server = new EchoListener(
                WsServiceConfig.builder().maxFrameSize(KIB).maxMessageSize(4 * KIB).build());

        @Test
        void echoesAFrameOfExactlyMaxFrameSize() throws Exception {
            byte[] data = RawWebSocket.randomBytes(KIB);
            try (RawWebSocket ws = server.connect()) {
                ws.sendBinary(data);

                assertThat(ws.readMessage().payload()).isEqualTo(data);
            }
        }

        @Test
        void closesWith1009WhenAFrameIsOneByteOverMaxFrameSize() throws Exception {
            try (RawWebSocket ws = server.connect()) {
                ws.sendRaw(headerOnly(true, OP_BINARY, KIB + 1));

                assertTooLarge(ws, server, "maxFrameSize");
            }
        }

        @Test
        void echoesAMessageOfExactlyMaxMessageSize() throws Exception {
            byte[] data = RawWebSocket.randomBytes(4 * KIB);
            try (RawWebSocket ws = server.connect()) {
                sendFragmented(ws, OP_BINARY, data, KIB);

                assertThat(ws.readMessage().payload()).isEqualTo(data);
            }
        }

        @Test
        void closesWith1009WhenAMessageIsOneByteOverMaxMessageSize() throws Exception {
            try (RawWebSocket ws = server.connect()) {
                for (int i = 0; i < 4; i++) {
                    ws.sendFrame(false, i == 0 ? OP_TEXT : OP_CONTINUATION, "a".repeat(KIB).getBytes(
                            StandardCharsets.UTF_8));
                }
                ws.sendRaw(headerOnly(true, OP_CONTINUATION, 1));

                assertTooLarge(ws, server, "maxMessageSize");
            }
        }

        @Test
        void countsEmptyFragmentsWithoutFailing() throws Exception {
            try (RawWebSocket ws = server.connect()) {
                ByteArrayOutputStream frames = new ByteArrayOutputStream();
                for (int i = 0; i < 500; i++) {
                    frames.writeBytes(RawWebSocket.encodeFrame(false, 0, i == 0 ? OP_TEXT : OP_CONTINUATION,
                            new byte[0], true));
                }
                frames.writeBytes(RawWebSocket.encodeFrame(true, 0, OP_CONTINUATION,
                        "end".getBytes(StandardCharsets.UTF_8), true));
                ws.sendRaw(frames.toByteArray());

                assertThat(ws.readMessage().text()).isEqualTo("end");
            }
        }
    }

    @Nested
    @DisplayName("message limit below frame limit: maxFrameSize 64 KiB, maxMessageSize 4 KiB")
    class MessageLimitBelowFrameLimit {
        @RegisterExtension
        final EchoListener server = new EchoListener(
                WsServiceConfig.builder().maxFrameSize(64 * KIB).maxMessageSize(4 * KIB).build());

        @Test
        void closesWith1009WhenASingleFrameMessageExceedsMaxMessageSize() throws Exception {
            try (RawWebSocket ws = server.connect()) {
                ws.sendRaw(headerOnly(true, OP_TEXT, 4 * KIB + 1));

                assertTooLarge(ws, server, "maxMessageSize");
            }
        }
    }
}
