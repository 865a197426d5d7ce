package dev.duplex.benchmarks.fanout;

/**
 * How one fan-out server sends one message to all its subscribers: the only part that differs between the server
 * kinds. Called by {@link PublishLoop} on its thread, one message at a time.
 */
@FunctionalInterface
public interface Broadcast {
    /**
     * Sends the message of {@code sequence} in {@code batch}, stamped with {@code publishNanos}
     * ({@link FanoutMessage}), to every subscriber; returns when the server's API lets the publisher go on.
     */
    void publish(int batch, int sequence, long publishNanos);
}
