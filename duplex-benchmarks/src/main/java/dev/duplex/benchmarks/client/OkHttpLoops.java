package dev.duplex.benchmarks.client;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.ByteString;

/**
 * OkHttp's WebSocket (one shared {@link OkHttpClient}, {@code TCP_NODELAY} on): {@code onMessage} sends the next
 * message. OkHttp offers
 * permessage-deflate on every connection; the echo server does not accept it, which {@link Echo#onOpen} checks, so
 * nothing is compressed.
 */
final class OkHttpLoops extends EchoLoops {
    private final OkHttpClient http = new OkHttpClient.Builder()
            .socketFactory(new NoDelaySockets())
            .connectTimeout(30, TimeUnit.SECONDS)
            .readTimeout(0, TimeUnit.SECONDS)
            .pingInterval(0, TimeUnit.SECONDS)
            .build();
    private final List<WebSocket> sockets = new ArrayList<>();
    private final List<Echo> echoes = new ArrayList<>();

    /**
     * OkHttp leaves Nagle's algorithm on, which with the server's delayed ACKs stalls a 16 KiB echo loop for about
     * 40 ms per message; a careful user turns it off, as every other client here does.
     */
    private static final class NoDelaySockets extends SocketFactory {
        private static Socket noDelay(Socket socket) throws IOException {
            socket.setTcpNoDelay(true);
            return socket;
        }

        @Override
        public Socket createSocket() throws IOException {
            return noDelay(new Socket());
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return noDelay(new Socket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return noDelay(new Socket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return noDelay(new Socket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return noDelay(new Socket(address, port, localAddress, localPort));
        }
    }

    OkHttpLoops(EchoWorkload workload) {
        super(workload);
        // The dispatcher admits 5 calls per host by default; let every connection's upgrade go at once.
        http.dispatcher().setMaxRequests(Math.max(64, workload.connections()));
        http.dispatcher().setMaxRequestsPerHost(Math.max(5, workload.connections()));
    }

    /** One connection's loop; OkHttp calls it on the connection's reader thread. */
    private final class Echo extends WebSocketListener {
        private final int index;
        private final CountDownLatch opened;
        private final String text = workload.text() ? workload.textPayload() : null;
        private final ByteString bytes = workload.text() ? null : ByteString.of(workload.binaryPayload());

        Echo(int index, CountDownLatch opened) {
            this.index = index;
            this.opened = opened;
        }

        void send(WebSocket socket) {
            boolean queued = text != null ? socket.send(text) : socket.send(bytes);
            if (!queued) {
                fail(index, "send refused: the connection is closing or its queue is full");
            }
        }

        @Override
        public void onOpen(WebSocket socket, Response response) {
            String extensions = response.header("Sec-WebSocket-Extensions");
            if (extensions != null) {
                fail(index, "the server agreed to extensions " + extensions + "; the benchmark compares without");
            }
            opened.countDown();
        }

        @Override
        public void onMessage(WebSocket socket, String echo) {
            echoed(socket, echo.length());
        }

        @Override
        public void onMessage(WebSocket socket, ByteString echo) {
            echoed(socket, echo.size());
        }

        private void echoed(WebSocket socket, int size) {
            if (!expected(index, size)) {
                return;
            }
            counted(index);
            if (!stopping()) {
                send(socket);
            }
        }

        @Override
        public void onClosing(WebSocket socket, int code, String reason) {
            fail(index, "closed by the server: " + code + " " + reason);
            socket.close(1000, null);
        }

        @Override
        public void onFailure(WebSocket socket, Throwable error, Response response) {
            fail(index, error.toString());
            opened.countDown();
        }
    }

    @Override
    void open() throws InterruptedException {
        var opened = new CountDownLatch(workload.connections());
        Request request = new Request.Builder().url(workload.uri().toString().replaceFirst("^ws:", "http:")).build();
        for (int i = 0; i < workload.connections(); i++) {
            Echo echo = new Echo(i, opened);
            echoes.add(echo);
            sockets.add(http.newWebSocket(request, echo));
        }
        if (!opened.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("OkHttp connections not open within 30 s");
        }
    }

    @Override
    void start() {
        for (int i = 0; i < sockets.size(); i++) {
            echoes.get(i).send(sockets.get(i));
        }
    }

    @Override
    void closeConnections() {
        for (WebSocket socket : sockets) {
            socket.close(1000, null);
        }
        http.dispatcher().executorService().shutdown();
        try {
            http.dispatcher().executorService().awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sockets.forEach(WebSocket::cancel);
        http.connectionPool().evictAll();
    }
}
