package dev.duplex.websocket.internal.dispatch;

import dev.duplex.websocket.internal.time.SaturatingDurations;
import dev.duplex.websocket.Caller;
import dev.duplex.websocket.UpgradeRequest;
import dev.duplex.websocket.internal.binding.MessageBinder;
import dev.duplex.websocket.internal.connection.WebSocketConnection;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link Caller} service methods get, on a server connection or a push client's: the connection's operations plus
 * attributes, and on a server the upgrade request. A client sent the upgrade request rather than received one, so
 * there {@link #getUpgradeRequest()} has none to give, and the principal and peer certificates are empty.
 *
 * <p>Thread safety: safe from any thread (the connection is, and attributes are a concurrent map).
 */
public final class ConnectionCaller implements Caller {
    private final WebSocketConnection connection;
    private final UpgradeRequest request;
    private final MessageBinder binder;
    /** Made by the first {@link #setAttribute} with a value (most connections never have one); then never replaced. */
    private volatile Map<String, Object> attributes;
    /** Set once a close was asked for through this caller: the service itself ended the connection. */
    private volatile boolean closedHere;

    /** A server connection's caller. */
    public static ConnectionCaller server(WebSocketConnection connection, UpgradeRequest request,
                                          MessageBinder binder) {
        return new ConnectionCaller(connection, java.util.Objects.requireNonNull(request, "request"), binder);
    }

    /** A push client's caller: no upgrade request. */
    public static ConnectionCaller client(WebSocketConnection connection, MessageBinder binder) {
        return new ConnectionCaller(connection, null, binder);
    }

    private ConnectionCaller(WebSocketConnection connection, UpgradeRequest request, MessageBinder binder) {
        this.connection = connection;
        this.request = request;
        this.binder = binder;
    }

    public WebSocketConnection connection() {
        return connection;
    }

    /** {@return how this connection's service encodes values (its codec)} */
    public MessageBinder binder() {
        return binder;
    }

    /** {@return whether the service asked this caller to close the connection} */
    public boolean closedHere() {
        return closedHere;
    }

    @Override
    public void writeTextMessage(String data) {
        connection.sendText(Objects.requireNonNull(data, "data"));
    }

    @Override
    public void writeBinaryMessage(byte[] data) {
        connection.sendBinary(Objects.requireNonNull(data, "data"));
    }

    @Override
    public void writeMessage(Object data) {
        MessageBinder.Outbound outbound = binder.encode(Objects.requireNonNull(data, "data"));
        if (outbound.binary() != null) {
            connection.sendBinary(outbound.binary());
        } else {
            connection.sendText(outbound.text());
        }
    }

    @Override
    public void ping(byte[] data) {
        connection.sendPing(Objects.requireNonNull(data, "data"));
    }

    @Override
    public void pong(byte[] data) {
        connection.sendPong(Objects.requireNonNull(data, "data"));
    }

    @Override
    public void close(int statusCode, String reason) {
        closedHere = true;
        connection.close(statusCode, reason, connection.defaultClosureTimeout());
    }

    @Override
    public void close(int statusCode, String reason, Duration timeout) {
        closedHere = true;
        connection.close(statusCode, reason, SaturatingDurations.capped(Objects.requireNonNull(timeout, "timeout")));
    }

    @Override
    public String getConnectionId() {
        return connection.id();
    }

    @Override
    public Optional<String> getNegotiatedSubProtocol() {
        return Optional.ofNullable(connection.subProtocol());
    }

    @Override
    public boolean isSecure() {
        return connection.isSecure();
    }

    @Override
    public boolean isOpen() {
        return connection.isOpen();
    }

    @Override
    public void setAttribute(String key, Object value) {
        Objects.requireNonNull(key, "key");
        if (value == null) {
            removeAttribute(key);
        } else {
            attributes().put(key, value);
        }
    }

    @Override
    public Object getAttribute(String key) {
        Map<String, Object> map = attributes;
        return map == null ? null : map.get(key);
    }

    @Override
    public Object removeAttribute(String key) {
        Map<String, Object> map = attributes;
        return map == null ? null : map.remove(key);
    }

    private Map<String, Object> attributes() {
        Map<String, Object> map = attributes;
        if (map == null) {
            synchronized (this) {
                map = attributes;
                if (map == null) {
                    map = new ConcurrentHashMap<>();
                    attributes = map;
                }
            }
        }
        return map;
    }

    /** @throws UnsupportedOperationException on a client: it sends the upgrade request, it does not receive one */
    @Override
    public UpgradeRequest getUpgradeRequest() {
        if (request == null) {
            throw new UnsupportedOperationException("a client connection has no upgrade request to show; the server's"
                    + " answer is Client.getHttpResponse()");
        }
        return request;
    }

    /** Empty on a client: the server authenticates, not the client. */
    @Override
    public Optional<dev.duplex.websocket.AuthenticatedPrincipal> getPrincipal() {
        return request == null ? Optional.empty() : request.principal();
    }

    /** Empty on a client (its view of the server's certificates is the TLS session's). */
    @Override
    public java.util.List<java.security.cert.X509Certificate> getPeerCertificates() {
        return request == null ? java.util.List.of() : request.peerCertificates();
    }

    @Override
    public String toString() {
        return (request == null ? "ClientCaller[" : "Caller[") + connection.id() + " " + connection.state() + "]";
    }
}
