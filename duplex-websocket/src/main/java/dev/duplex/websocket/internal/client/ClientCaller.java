package dev.duplex.websocket.internal.client;

import dev.duplex.websocket.AuthenticatedPrincipal;
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
 * The {@link Caller} a push client's service methods get: the client's end of the connection, with the same
 * operations as a server's caller. A client sent the upgrade request rather than received one, so
 * {@link #getUpgradeRequest()} has none to give.
 *
 * <p>Thread safety: safe from any thread (the connection is, and attributes are a concurrent map).
 */
public final class ClientCaller implements Caller {
    private final WebSocketConnection connection;
    private final MessageBinder binder;
    private final Map<String, Object> attributes = new ConcurrentHashMap<>();

    public ClientCaller(WebSocketConnection connection, MessageBinder binder) {
        this.connection = connection;
        this.binder = binder;
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
        connection.close(statusCode, reason, connection.defaultClosureTimeout());
    }

    @Override
    public void close(int statusCode, String reason, Duration timeout) {
        connection.close(statusCode, reason, Objects.requireNonNull(timeout, "timeout"));
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
            attributes.remove(key);
        } else {
            attributes.put(key, value);
        }
    }

    @Override
    public Object getAttribute(String key) {
        return attributes.get(key);
    }

    @Override
    public Object removeAttribute(String key) {
        return attributes.remove(key);
    }

    /** @throws UnsupportedOperationException always: a client sends the upgrade request, it does not receive one */
    @Override
    public UpgradeRequest getUpgradeRequest() {
        throw new UnsupportedOperationException("a client connection has no upgrade request to show; the server's"
                + " answer is Client.getHttpResponse()");
    }

    /** Always empty: the server authenticates, not the client. */
    @Override
    public Optional<AuthenticatedPrincipal> getPrincipal() {
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "ClientCaller[" + connection.id() + " " + connection.state() + "]";
    }
}
