package dev.duplex.websocket.internal.metrics;

/**
 * What the engine reports for metrics: handshakes, open connections, messages and bytes by type, errors by kind and
 * dispatch latency. {@link #NONE} (every method a no-op) is used unless the configuration names a Micrometer
 * {@code MeterRegistry}; only then is {@link MicrometerWebSocketMetrics}, and with it Micrometer, loaded, so the core
 * runs without Micrometer on the class path.
 *
 * <p>Message types are {@code text}, {@code binary}, {@code ping}, {@code pong}, {@code close}; byte counts are
 * payload bytes before compression. Error kinds: {@code protocol}, {@code message_too_big}, {@code io},
 * {@code write_timeout}, {@code pong_timeout}, {@code service}, {@code binding}.
 *
 * <p>Thread safety: implementations are safe from any thread.
 */
public interface WebSocketMetrics {
    /** Reports nothing. */
    WebSocketMetrics NONE = new WebSocketMetrics() {
    };

    /** The side a connection is on, as the {@code side} tag. */
    String SERVER = "server";
    String CLIENT = "client";

    /** Whether anything is recorded, so callers can skip computing values (e.g. a text's UTF-8 length). */
    default boolean enabled() {
        return false;
    }

    /** An upgrade request was answered: 101 when accepted, else the refusal's status. */
    default void handshake(int status) {
    }

    /** A WebSocket connection opened. */
    default void connectionOpened() {
    }

    /** A WebSocket connection ended with {@code code} (1006 when dropped without a close frame). */
    default void connectionClosed(int code) {
    }

    /** A message or control frame of {@code type} with {@code bytes} of payload arrived. */
    default void received(String type, long bytes) {
    }

    /** A message or control frame of {@code type} with {@code bytes} of payload was handed to the socket. */
    default void sent(String type, long bytes) {
    }

    /** A failure of {@code kind}. */
    default void error(String kind) {
    }

    /**
     * The service finished with an event of {@code kind} ({@code open}, {@code text}, {@code binary}, {@code ping},
     * {@code pong}, {@code idle_timeout}, {@code error}, {@code close}), {@code nanos} after it arrived.
     */
    default void dispatched(String kind, long nanos) {
    }

    /**
     * Checks a configured registry when the configuration is built, so a wrong one fails early.
     *
     * @throws IllegalArgumentException when {@code registry} is neither {@code null} nor a Micrometer
     *                                  {@code MeterRegistry}, or Micrometer is not on the class path
     */
    static void checkRegistry(Object registry, String setting) {
        if (registry == null) {
            return;
        }
        try {
            Class.forName("io.micrometer.core.instrument.MeterRegistry", false,
                    WebSocketMetrics.class.getClassLoader());
        } catch (ClassNotFoundException missing) {
            throw new IllegalArgumentException(setting + " is set, but Micrometer (io.micrometer:micrometer-core) is"
                    + " not on the class path");
        }
        MicrometerWebSocketMetrics.check(registry, setting);
    }

    /** The metrics of {@code side} for a checked registry, or {@link #NONE} for {@code null}. */
    static WebSocketMetrics of(Object registry, String side) {
        return registry == null ? NONE : MicrometerWebSocketMetrics.of(registry, side);
    }
}
