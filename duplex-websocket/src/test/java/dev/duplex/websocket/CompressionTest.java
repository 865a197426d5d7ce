package dev.duplex.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.websocket.testkit.RawWebSocket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
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

    /** Sends {@code THREADS} × {@code PER_THREAD} compressible messages from as many threads at once. */
    public static class ConcurrentWriters implements Service {
        static final int THREADS = 8;
        static final int PER_THREAD = 200;

        public void onTextMessage(Caller caller, String text) {
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                new Thread(() -> {
                    for (int i = 0; i < PER_THREAD; i++) {
                        caller.writeTextMessage(thread + " " + i + " " + "compressible ".repeat(100 + i));
                    }
                }, "writer-" + t).start();
            }
        }
    }

    @Test
    void messagesCompressedFromManyThreadsAtOnceArriveWholeAndInEachThreadsOrder() {
        listener = new Listener(0, ListenerConfiguration.builder().host("127.0.0.1").build());
        listener.attach("/many", r -> new ConcurrentWriters());
        listener.start();
        try (var client = new Client("ws://127.0.0.1:" + listener.getPort() + "/many")) {
            assertThat(client.getHttpResponse().header("sec-websocket-extensions")).startsWith("permessage-deflate");
            client.writeTextMessage("go");
            int[] next = new int[ConcurrentWriters.THREADS];
            for (int n = 0; n < ConcurrentWriters.THREADS * ConcurrentWriters.PER_THREAD; n++) {
                String[] parts = client.readTextMessage().split(" ", 3);
                int thread = Integer.parseInt(parts[0]);
                int index = Integer.parseInt(parts[1]);
                assertThat(index).as("thread %d's next message", thread).isEqualTo(next[thread]++);
                assertThat(parts[2]).isEqualTo("compressible ".repeat(100 + index));
            }
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

    @Test
    void sendsMessagesShorterThanTheDefaultThresholdWithoutRsv1() throws Exception {
        int port = start(ListenerConfiguration.DEFAULT, WsServiceConfig.DEFAULT);
        try (var raw = RawWebSocket.connect(port, "/echo", Map.of("Sec-WebSocket-Extensions", "permessage-deflate"))) {
            raw.sendText("a".repeat(WsServiceConfig.DEFAULT_COMPRESSION_THRESHOLD - 1));
            var shortReply = raw.readFrame();
            assertThat(shortReply.rsv()).isZero();
            assertThat(shortReply.text()).hasSize(255);
            raw.sendText("a".repeat(WsServiceConfig.DEFAULT_COMPRESSION_THRESHOLD));
            var longReply = raw.readFrame();
            assertThat(longReply.rsv()).isEqualTo(4);
            assertThat(longReply.payload().length).isLessThan(64);
        }
    }

    @Test
    void sendsMessagesShorterThanAConfiguredThresholdWithoutRsv1() throws Exception {
        int port = start(ListenerConfiguration.DEFAULT, WsServiceConfig.builder().compressionThreshold(1000).build());
        try (var raw = RawWebSocket.connect(port, "/echo", Map.of("Sec-WebSocket-Extensions", "permessage-deflate"))) {
            raw.sendBinary(new byte[999]);
            assertThat(raw.readFrame().rsv()).isZero();
            raw.sendBinary(new byte[1000]);
            assertThat(raw.readFrame().rsv()).isEqualTo(4);
        }
    }

    /**
     * A gibibyte of zeros, compressed to about 1 MiB (DEFLATE cannot do better than about 1:1030), sent as 64 KB
     * fragments of one message: the server stops inflating at maxMessageSize (1 MiB), closes with 1009, and the
     * heap's peak during the exchange stays far below what the message would inflate to.
     */
    @Test
    void aGibibyteBombIsClosedWith1009WhileTheHeapStaysFlat() throws Exception {
        long inflatedSize = 1L << 30;
        byte[] bomb = deflatedZeros((int) (inflatedSize >> 20));
        assertThat(bomb.length).isLessThan(1_100_000);
        int port = start(ListenerConfiguration.DEFAULT, WsServiceConfig.DEFAULT);
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP).toList();
        System.gc();
        long before = heap.stream().mapToLong(pool -> pool.getUsage().getUsed()).sum();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        try (var raw = RawWebSocket.connect(port, "/echo", Map.of("Sec-WebSocket-Extensions", "permessage-deflate"))) {
            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> sendInFragments(raw, bomb, 60_000));
            var close = raw.readUntilClose();
            assertThat(close.closeCode()).isEqualTo(1009);
            assertThat(close.closeReason()).contains("maxMessageSize");
            raw.close();
            sending.get(10, TimeUnit.SECONDS);
        }
        long peak = heap.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
        assertThat(peak - before).as("peak heap growth while a %d-byte message was refused", inflatedSize)
                .isLessThan(inflatedSize / 8);
    }

    /** Sends {@code payload} as one compressed binary message in fragments; stops quietly once the server closed. */
    private static void sendInFragments(RawWebSocket raw, byte[] payload, int fragment) {
        try {
            for (int start = 0; start < payload.length; start += fragment) {
                int end = Math.min(payload.length, start + fragment);
                boolean first = start == 0;
                raw.sendFrame(end == payload.length, first ? 4 : 0,
                        first ? RawWebSocket.OP_BINARY : RawWebSocket.OP_CONTINUATION,
                        Arrays.copyOfRange(payload, start, end));
            }
        } catch (IOException closedByServer) {
            // The server refused the message and closed: the rest of the bomb has nowhere to go.
        }
    }

    @Test
    void theBombBuilderMakesAStreamThatInflatesToTheSizeItClaims() throws Exception {
        byte[] bomb = deflatedZeros(16);
        Inflater inflater = new Inflater(true);
        byte[] tail = {0, 0, (byte) 0xFF, (byte) 0xFF};
        byte[] input = Arrays.copyOf(bomb, bomb.length + 4);
        System.arraycopy(tail, 0, input, bomb.length, 4);
        inflater.setInput(input);
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        boolean allZero = true;
        for (int i = 0; i < 100_000; i++) {
            int n = inflater.inflate(buffer);
            for (int j = 0; j < n && allZero; j++) {
                allZero = buffer[j] == 0;
            }
            total += n;
            if (n == 0) {
                break;
            }
        }
        inflater.end();
        assertThat(total).isEqualTo(16L << 20);
        assertThat(allZero).isTrue();
    }

    /**
     * {@code mebibytes} MiB of zeros as one raw DEFLATE stream without its final {@code 00 00 FF FF}: once the window
     * is full of zeros, every further MiB compresses to the same bytes, so the stream is the first MiB's block
     * followed by copies of the second's. Fails if the deflater does not reach that steady state.
     */
    private static byte[] deflatedZeros(int mebibytes) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        byte[] zeros = new byte[1 << 20];
        byte[] first = flushed(deflater, zeros);
        byte[] steady = flushed(deflater, zeros);
        byte[] again = flushed(deflater, zeros);
        deflater.end();
        if (!Arrays.equals(steady, again)) {
            throw new IllegalStateException("the deflater did not reach a steady state on zeros");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(first.length + steady.length * mebibytes);
        out.writeBytes(first);
        for (int i = 1; i < mebibytes; i++) {
            out.writeBytes(steady);
        }
        byte[] all = out.toByteArray();
        return Arrays.copyOf(all, all.length - 4);
    }

    private static byte[] flushed(Deflater deflater, byte[] input) {
        deflater.setInput(input);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[65536];
        for (int i = 0; i < 10_000; i++) {
            int n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
            out.write(buffer, 0, n);
            if (n < buffer.length && deflater.needsInput()) {
                break;
            }
        }
        return out.toByteArray();
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
