package dev.duplex.benchmarks.client;

import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * The JDK's {@link java.net.http.WebSocket} (one shared {@link HttpClient}, its default executor): the listener's
 * {@code onText} / {@code onBinary} sends the next message when an echo is complete and asks for one more. The JDK
 * client offers no compression.
 */
final class JdkLoops extends EchoLoops {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
    private final List<WebSocket> sockets = new ArrayList<>();
    private final List<Echo> echoes = new ArrayList<>();

    JdkLoops(EchoWorkload workload) {
        super(workload);
    }

    /**
     * One connection's loop. The JDK calls a listener's methods one at a time; {@code received} is owned by whichever
     * thread runs the current call, {@code lastSend} is guarded by this (the first send comes from another thread).
     */
    private final class Echo implements WebSocket.Listener {
        private final int index;
        private final String text = workload.text() ? workload.textPayload() : null;
        private final byte[] bytes = workload.text() ? null : workload.binaryPayload();
        /** Characters or bytes of the echo received so far (a message may come in parts). */
        private int received;
        /** The last send: a send may not start before the previous one completed. Guarded by this. */
        private CompletableFuture<WebSocket> lastSend = CompletableFuture.completedFuture(null);

        Echo(int index) {
            this.index = index;
        }

        /**
         * Synchronized: the first send comes from the starting thread and the echo can arrive before that thread has
         * stored the send's future; without the lock the listener would see no send pending, start another, and the
         * JDK would fail it ("send pending"), stopping the loop.
         */
        synchronized void sendNext(WebSocket socket) {
            if (lastSend.isDone()) {
                lastSend = send(socket);
            } else {
                lastSend = lastSend.thenCompose(this::send);
            }
        }

        private CompletableFuture<WebSocket> send(WebSocket socket) {
            return text != null ? socket.sendText(text, true) : socket.sendBinary(ByteBuffer.wrap(bytes), true);
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            received += data.length();
            return echoPart(socket, last);
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
            received += data.remaining();
            return echoPart(socket, last);
        }

        private CompletionStage<?> echoPart(WebSocket socket, boolean last) {
            if (!last) {
                socket.request(1);
                return null;
            }
            int size = received;
            received = 0;
            if (!expected(index, size)) {
                return null;
            }
            counted(index);
            if (!stopping()) {
                sendNext(socket);
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
            fail(index, "closed by the server: " + statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            fail(index, error.toString());
        }
    }

    @Override
    void open() throws Exception {
        var pending = new ArrayList<CompletableFuture<WebSocket>>();
        for (int i = 0; i < workload.connections(); i++) {
            Echo echo = new Echo(i);
            echoes.add(echo);
            pending.add(http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30))
                    .buildAsync(workload.uri(), echo));
        }
        for (CompletableFuture<WebSocket> socket : pending) {
            sockets.add(socket.get(30, TimeUnit.SECONDS));
        }
    }

    @Override
    void start() {
        for (int i = 0; i < sockets.size(); i++) {
            echoes.get(i).sendNext(sockets.get(i));
        }
    }

    @Override
    void closeConnections() {
        var closing = new ArrayList<CompletableFuture<WebSocket>>();
        for (WebSocket socket : sockets) {
            closing.add(socket.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(e -> socket));
        }
        try {
            CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
        } catch (Exception notAll) {
            // The process ends after the run; connections still closing do not matter.
        }
        sockets.forEach(WebSocket::abort);
    }
}
