package dev.duplex.benchmarks.servers;

/**
 * A running echo server under test: it sends every message (or, for the raw TCP ceiling, every byte) straight back.
 * Every WebSocket server listens at {@link #PATH} on 127.0.0.1.
 *
 * <p>Thread safety: {@link #port()} from any thread; {@link #close()} once, from any thread.
 */
public interface EchoServer extends AutoCloseable {
    /** The WebSocket path every server under test serves. */
    String PATH = "/echo";
    /** The address every server binds: load tests stay on loopback. */
    String HOST = "127.0.0.1";
    /**
     * Frame and message limit of every server under test: big enough for the 1 MiB messages of scenario 2, so no
     * server fragments or refuses them.
     */
    int MAX_MESSAGE_SIZE = 16 << 20;

    /** The bound port. */
    int port();

    /** Stops accepting and drops every connection. */
    @Override
    void close();
}
