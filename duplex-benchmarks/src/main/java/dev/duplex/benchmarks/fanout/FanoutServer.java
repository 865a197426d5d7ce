package dev.duplex.benchmarks.fanout;

/**
 * A running fan-out server under test: every WebSocket connection to {@link #PATH} on {@link #HOST} is a subscriber;
 * the first connection that sends a {@link FanoutCommand} becomes the control connection and leaves the
 * subscribers. A publish command broadcasts {@link FanoutMessage}s to all subscribers through the server kind's own
 * API, from a {@link PublishLoop} thread.
 *
 * <p>Thread safety: {@link #port()} from any thread; {@link #close()} once, from any thread.
 */
public interface FanoutServer extends AutoCloseable {
    /** The WebSocket path of every fan-out server. */
    String PATH = "/fanout";
    /** The address every server binds: the benchmark stays on loopback. */
    String HOST = "127.0.0.1";

    /** The bound port. */
    int port();

    /** Stops accepting and drops every connection. */
    @Override
    void close();
}
