package dev.duplex.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.websocket.testkit.RawWebSocket;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.Deflater;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CompressionTest {
    public static class Echo implements Service {
        public String onTextMessage(String text) {
            return text;
        }

        public byte[] onBinaryMessage(byte[] data) {
            return data;
        }
    }

    private Listener listener;

    private int start(ListenerConfiguration config, WsServiceConfig service) {
        listener = new Listener(0, config.toBuilder().host("127.0.0.1").build());
        listener.attach("/echo", r -> new Echo(), service);
        listener.start();
        return listener.getPort();
    }

    @AfterEach
    void stop() {
        if (listener != null) {
            listener.immediateStop();
        }
    }

    @Test
    void clientAndServerAgreeOnPermessageDeflateAndRoundTripLargeMessages() {
        int port = start(ListenerConfiguration.DEFAULT, WsServiceConfig.DEFAULT);
        try (var client = new Client("ws://127.0.0.1:" + port + "/echo")) {
            assertThat(client.getHttpResponse().header("sec-websocket-extensions")).startsWith("permessage-deflate");
            String big = "compress me please ".repeat(20_000);
            for (int i = 0; i < 3; i++) {
                client.writeTextMessage(big + i);
                assertThat(client.readTextMessage()).isEqualTo(big + i);
            }
            byte[] bytes = big.getBytes(StandardCharsets.UTF_8);
            client.writeBinaryMessage(bytes);
            assertThat(client.readBinaryMessage()).isEqualTo(bytes);
            client.writeTextMessage("tiny");
            assertThat(client.readTextMessage()).isEqualTo("tiny");
        }
    }

    @Test
    void noExtensionIsAgreedWhenTheListenerDisablesCompression() {
        int port = start(ListenerConfiguration.builder().webSocketCompressionEnabled(false).build(),
                WsServiceConfig.DEFAULT);
        try (var client = new Client("ws://127.0.0.1:" + port + "/echo")) {
            assertThat(client.getHttpResponse().header("sec-websocket-extensions")).isNull();
            client.writeTextMessage("x".repeat(5000));
            assertThat(client.readTextMessage()).hasSize(5000);
        }
    }

    @Test
    void aServiceCanOptOutOfCompression() {
        int port = start(ListenerConfiguration.DEFAULT, WsServiceConfig.builder().compression(false).build());
        try (var client = new Client("ws://127.0.0.1:" + port + "/echo")) {
            assertThat(client.getHttpResponse().header("sec-websocket-extensions")).isNull();
        }
    }

    @Test
    void aCompressedBombIsStoppedWith1009WhileInflating() throws Exception {
        int port = start(ListenerConfiguration.DEFAULT, WsServiceConfig.DEFAULT);
        try (var raw = RawWebSocket.connect(port, "/echo", Map.of("Sec-WebSocket-Extensions", "permessage-deflate"))) {
            assertThat(raw.handshakeResponse().header("Sec-WebSocket-Extensions")).startsWith("permessage-deflate");
            // 64 MiB of zeros deflates to about 64 KiB; the default maxMessageSize is 1 MiB.
            byte[] bomb = deflateZeros(64 << 20);
            assertThat(bomb.length).isLessThan(128 * 1024);
            raw.sendRaw(RawWebSocket.encodeFrame(true, 4, RawWebSocket.OP_BINARY, bomb, true));
            var close = raw.readUntilClose();
            assertThat(close.closeCode()).isEqualTo(1009);
            assertThat(close.closeReason()).contains("maxMessageSize");
        }
    }

    private static byte[] deflateZeros(int size) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        byte[] zeros = new byte[1 << 20];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[65536];
        for (int written = 0; written < size; written += zeros.length) {
            deflater.setInput(zeros);
            while (!deflater.needsInput()) {
                int n = deflater.deflate(buffer, 0, buffer.length, Deflater.NO_FLUSH);
                out.write(buffer, 0, n);
            }
        }
        int n;
        while ((n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH)) > 0) {
            out.write(buffer, 0, n);
            if (n < buffer.length) {
                break;
            }
        }
        deflater.end();
        byte[] all = out.toByteArray();
        return java.util.Arrays.copyOf(all, all.length - 4);
    }
}
