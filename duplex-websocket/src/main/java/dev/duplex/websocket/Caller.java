package dev.duplex.websocket;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The server's end of one WebSocket connection, handed to service methods (spec {@code websocket:Caller}). A push
 * client ({@link Client#connect(String, ClientConfiguration, Service)}) hands its service a {@code Caller} for the
 * client's end; there {@link #getUpgradeRequest()} has nothing to give.
 *
 * <p>Lifecycle: a {@code Caller} is made when the handshake completes, before {@code onOpen}, and stays valid after
 * the connection ends (for attributes and {@link #isOpen()}); writes then fail.
 *
 * <p>Writes return once the message is queued on the connection; when the peer reads slowly and the outbound buffer
 * holds more than {@link WsServiceConfig#writeBufferSize()} bytes, a write waits for room, up to
 * {@link WsServiceConfig#writeTimeout()}, rather than buffer without bound. A write that times out fails with
 * {@link WriteTimeoutException} and the connection closes with 1008. On the event loop
 * ({@link DispatchMode#EVENT_LOOP}) writes never wait; reading from the peer pauses instead. Writing after the
 * connection closed, or after a close frame was sent, throws {@link ConnectionClosureException}.
 *
 * <p>Outbound messages longer than the service's {@code maxFrameSize} are fragmented; text is split only on code
 * point boundaries.
 *
 * <p>Thread safety: every method is safe from any thread. Writes keep their order per connection, and a message is
 * never interleaved with another; users never need to synchronise.
 */
public interface Caller {
    /**
     * Sends a text message.
     *
     * @param data the text; not {@code null}
     * @throws ConnectionClosureException when the connection is closing or closed
     * @throws WriteTimeoutException      when the peer did not make room within {@code writeTimeout} (the
     *                                    connection closes with 1008)
     */
    void writeTextMessage(String data);

    /**
     * Sends a binary message.
     *
     * @param data the bytes; not {@code null}; not copied, so do not change them until the call returns
     * @throws ConnectionClosureException when the connection is closing or closed
     * @throws WriteTimeoutException      when the peer did not make room within {@code writeTimeout} (the
     *                                    connection closes with 1008)
     */
    void writeBinaryMessage(byte[] data);

    /**
     * Sends a value (spec {@code writeMessage}): {@code String} and XML {@link org.w3c.dom.Document}s as text,
     * {@code byte[]} and {@link java.nio.ByteBuffer} (its remaining bytes, position untouched) as binary, anything
     * else encoded as JSON text by the service's {@link WsServiceConfig#codec()}.
     *
     * @param data the value; not {@code null}
     * @throws DataBindingException       when the codec cannot encode it (nothing is sent)
     * @throws ConnectionClosureException when the connection is closing or closed
     * @throws WriteTimeoutException      as {@link #writeTextMessage(String)}
     */
    void writeMessage(Object data);

    /**
     * Sends a ping. The peer's pong arrives at the service's {@code onPong}.
     *
     * @param data the payload, at most 125 bytes; not {@code null}
     * @throws IllegalArgumentException   when {@code data} is longer than 125 bytes (nothing is sent)
     * @throws ConnectionClosureException when the connection is closing or closed
     */
    void ping(byte[] data);

    /**
     * Sends an unsolicited pong (a heartbeat the peer need not answer).
     *
     * @param data the payload, at most 125 bytes; not {@code null}
     * @throws IllegalArgumentException   when {@code data} is longer than 125 bytes (nothing is sent)
     * @throws ConnectionClosureException when the connection is closing or closed
     */
    void pong(byte[] data);

    /**
     * Closes with 1000 (normal closure) and no reason, waiting up to the service's
     * {@link WsServiceConfig#connectionClosureTimeout()}; see {@link #close(int, String, Duration)}.
     *
     * @throws ConnectionClosureException when a close frame was already sent or received, or the peer did not answer
     *                                    in time
     */
    default void close() {
        close(1000, "");
    }

    /**
     * Closes with the given status and reason, waiting up to the service's
     * {@link WsServiceConfig#connectionClosureTimeout()}; see {@link #close(int, String, Duration)}.
     *
     * @param statusCode the close code: 1000–1003, 1007–1011 or 3000–4999
     * @param reason     the reason, at most 123 bytes in UTF-8; {@code null} or empty for none
     * @throws IllegalArgumentException   as {@link #close(int, String, Duration)}
     * @throws ConnectionClosureException as {@link #close(int, String, Duration)}
     */
    void close(int statusCode, String reason);

    /**
     * Sends a close frame and waits up to {@code timeout} for the peer's close frame, then drops the TCP connection.
     * {@code Duration.ZERO} does not wait (and so never fails for want of an answer); a negative timeout of -1 s
     * waits forever. On the event loop ({@link DispatchMode#EVENT_LOOP}) it never blocks: the wait happens in the
     * background. The peer's close frame is read even while the service is behind with earlier messages; data
     * messages that arrive after this end's close frame went out are discarded. {@code onClose} follows once the
     * connection has ended.
     *
     * @param statusCode the close code: 1000–1003, 1007–1011 or 3000–4999
     * @param reason     the reason, at most 123 bytes in UTF-8; {@code null} or empty for none
     * @param timeout    how long to wait for the peer's close frame; not {@code null}
     * @throws IllegalArgumentException   for a status outside 1000–1003, 1007–1011, 3000–4999, a reason over 123
     *                                    bytes, or a negative timeout other than -1 s (nothing is sent)
     * @throws ConnectionClosureException when a close frame was already sent or received, or when the peer did not
     *                                    answer within a positive timeout (the connection is dropped all the same)
     */
    void close(int statusCode, String reason, Duration timeout);

    /** {@return a stable identifier of this connection, unique within the process} */
    String getConnectionId();

    /** {@return the sub-protocol agreed in the handshake, or empty when none was} */
    Optional<String> getNegotiatedSubProtocol();

    /** {@return whether the connection runs over TLS ({@code wss://})} */
    boolean isSecure();

    /**
     * The client's verified certificate chain (mutual TLS), its own certificate first; see
     * {@link UpgradeRequest#peerCertificates()}.
     *
     * @return the chain; empty without TLS, without mutual TLS, or when the client presented none, and always on a
     *         push client
     */
    default List<X509Certificate> getPeerCertificates() {
        return getUpgradeRequest().peerCertificates();
    }

    /**
     * Whether the connection is open: no close frame has been sent or received and the TCP connection is up. A
     * {@code true} answer can be stale by the time a write is made; a write reports a closed connection itself.
     *
     * @return {@code true} while the connection is open
     */
    boolean isOpen();

    /**
     * Stores a value for this connection, e.g. the user name {@code onOpen} found. Attributes live as long as the
     * {@code Caller} and are never sent anywhere.
     *
     * @param key   the name; not {@code null}
     * @param value the value; {@code null} removes the attribute
     */
    void setAttribute(String key, Object value);

    /**
     * Reads a value stored with {@link #setAttribute(String, Object)}.
     *
     * @param key the name; not {@code null}
     * @return the value stored under {@code key}, or {@code null} when there is none
     */
    Object getAttribute(String key);

    /**
     * Removes a value stored with {@link #setAttribute(String, Object)}.
     *
     * @param key the name; not {@code null}
     * @return the value that was stored under {@code key}, or {@code null} when there was none
     */
    Object removeAttribute(String key);

    /**
     * The upgrade request that opened this connection: path and query parameters, headers, cookies.
     *
     * @return the request, read-only by now
     * @throws UnsupportedOperationException on the {@code Caller} of a push client, which made the request itself
     *                                       (its server's answer is {@link Client#getHttpResponse()})
     */
    UpgradeRequest getUpgradeRequest();

    /**
     * Who opened this connection, when the service authenticates (spec §5.2).
     *
     * @return the principal the service's {@code auth} list established; empty when the service has no
     *         {@code auth} list, and always on a push client
     */
    default Optional<AuthenticatedPrincipal> getPrincipal() {
        return getUpgradeRequest().principal();
    }
}
