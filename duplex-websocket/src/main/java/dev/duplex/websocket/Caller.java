package dev.duplex.websocket;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The server's end of one WebSocket connection, handed to service methods (spec {@code websocket:Caller}).
 *
 * <p>Writes are safe from any thread and keep their order per connection; a message is never interleaved with
 * another. A write returns once the message is queued on the connection; when the peer reads slowly and the
 * outbound buffer is full, it waits for room (up to {@link WsServiceConfig#writeTimeout()}) rather than buffer
 * without bound. Writing after the connection closed throws {@link ConnectionClosureException}.
 *
 * <p>Outbound messages longer than the service's {@code maxFrameSize} are fragmented; text is split only on code
 * point boundaries.
 */
public interface Caller {
    /** Sends a text message. @throws ConnectionClosureException when the connection is closing or closed */
    void writeTextMessage(String data);

    /** Sends a binary message. @throws ConnectionClosureException when the connection is closing or closed */
    void writeBinaryMessage(byte[] data);

    /**
     * Sends a value: {@code String} and XML documents as text, {@code byte[]} and {@link java.nio.ByteBuffer} as
     * binary, anything else encoded as JSON text.
     */
    void writeMessage(Object data);

    /** Sends a ping. @throws IllegalArgumentException when {@code data} is longer than 125 bytes (nothing is sent) */
    void ping(byte[] data);

    /** Sends a pong. @throws IllegalArgumentException when {@code data} is longer than 125 bytes (nothing is sent) */
    void pong(byte[] data);

    /** Closes with 1000, no reason, waiting up to the service's {@code connectionClosureTimeout}. */
    default void close() {
        close(1000, "");
    }

    /** Closes with the given status and reason, waiting up to the service's {@code connectionClosureTimeout}. */
    void close(int statusCode, String reason);

    /**
     * Sends a close frame and waits up to {@code timeout} for the peer's close frame, then drops the TCP connection.
     * {@code Duration.ZERO} does not wait (and so never fails for want of an answer); a negative timeout of -1 s
     * waits forever. On the event loop ({@link DispatchMode#EVENT_LOOP}) it never blocks: the wait happens in the
     * background. The peer's close frame is read even while the service is behind with earlier messages; data
     * messages that arrive after this end's close frame went out are discarded.
     *
     * @throws IllegalArgumentException   for a status outside 1000–1003, 1007–1011, 3000–4999, a reason over 123
     *                                    bytes, or a negative timeout other than -1 s (nothing is sent)
     * @throws ConnectionClosureException when a close frame was already sent or received, or when the peer did not
     *                                    answer within a positive timeout (the connection is dropped all the same)
     */
    void close(int statusCode, String reason, Duration timeout);

    /** A stable identifier of this connection, unique within the process. */
    String getConnectionId();

    /** The sub-protocol agreed in the handshake, if any. */
    Optional<String> getNegotiatedSubProtocol();

    /** Whether the connection runs over TLS. */
    boolean isSecure();

    /**
     * The client's verified certificate chain (mutual TLS), its own certificate first; empty when it presented none.
     * See {@link UpgradeRequest#peerCertificates()}.
     */
    default List<X509Certificate> getPeerCertificates() {
        return getUpgradeRequest().peerCertificates();
    }

    /** Whether the connection is open: no close frame has been sent or received and the TCP connection is up. */
    boolean isOpen();

    /** Stores a value for this connection; attributes live as long as the connection. */
    void setAttribute(String key, Object value);

    /** The value stored under {@code key}, or {@code null}. */
    Object getAttribute(String key);

    /** Removes and returns the value stored under {@code key}, or {@code null} when there was none. */
    Object removeAttribute(String key);

    /** The upgrade request that opened this connection. */
    UpgradeRequest getUpgradeRequest();

    /** Who opened this connection, when the service authenticates (spec §5.2). */
    default Optional<AuthenticatedPrincipal> getPrincipal() {
        return getUpgradeRequest().principal();
    }
}
