package dev.duplex.websocket.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake WebSocket server for client conformance tests: it accepts TCP connections on 127.0.0.1 (an ephemeral port)
 * and plays a per-test {@link Script} on each, through a {@link RawWebSocket} that writes exactly the bytes the script
 * asks for, so a test can make the server misbehave in any way it likes.
 *
 * <p>Thread safety: the acceptor and each connection's script run on their own daemon threads; the accessors are safe
 * from the test thread. A connection's socket is closed when its script returns or throws.
 */
public final class RawServer implements AutoCloseable {
    /** What the server does on one accepted connection. */
    @FunctionalInterface
    public interface Script {
        /**
         * @param peer       the accepted connection, nothing read yet
         * @param connection 0 for the first accepted connection, 1 for the next, …
         */
        void play(RawWebSocket peer, int connection) throws Exception;
    }

    private final ServerSocket serverSocket;
    private final Script script;
    private final AtomicInteger accepted = new AtomicInteger();
    private final Map<Integer, CompletableFuture<Void>> scripts = new ConcurrentHashMap<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    private RawServer(Script script) throws IOException {
        this.script = script;
        this.serverSocket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        Thread acceptor = new Thread(this::acceptLoop, "raw-server-" + serverSocket.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Starts accepting; each connection plays {@code script}. */
    public static RawServer start(Script script) throws IOException {
        return new RawServer(script);
    }

    private void acceptLoop() {
        while (!serverSocket.isClosed()) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException closed) {
                return;
            }
            sockets.add(socket);
            int index = accepted.getAndIncrement();
            Thread player = new Thread(() -> play(socket, index), "raw-server-connection-" + index);
            player.setDaemon(true);
            player.start();
        }
    }

    private void play(Socket socket, int index) {
        CompletableFuture<Void> done = script(index);
        try (RawWebSocket peer = RawWebSocket.accepted(socket)) {
            script.play(peer, index);
            done.complete(null);
        } catch (Throwable failure) {
            done.completeExceptionally(failure);
        }
    }

    private CompletableFuture<Void> script(int index) {
        return scripts.computeIfAbsent(index, i -> new CompletableFuture<>());
    }

    public int port() {
        return serverSocket.getLocalPort();
    }

    /** {@code ws://127.0.0.1:port/}. */
    public String url() {
        return "ws://127.0.0.1:" + port() + "/";
    }

    /** How many TCP connections were accepted so far. */
    public int connections() {
        return accepted.get();
    }

    /**
     * Waits until the script of connection {@code index} returned, and rethrows what it threw, so an assertion made
     * by the server side fails the test.
     */
    public void awaitScript(int index, Duration timeout) throws Exception {
        try {
            script(index).get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof Exception failure) {
                throw failure;
            }
            throw e;
        }
    }

    /** Waits for the first connection's script; see {@link #awaitScript(int, Duration)}. */
    public void awaitScript(Duration timeout) throws Exception {
        awaitScript(0, timeout);
    }

    /** Stops accepting and closes every connection. */
    @Override
    public void close() throws IOException {
        serverSocket.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
