package dev.duplex.websocket.internal.client;

import dev.duplex.websocket.HandshakeResponse;
import dev.duplex.websocket.internal.connection.WebSocketConnection;

/**
 * One connection of a client: a reconnecting client has a new session after each reconnect.
 *
 * @param connection the open connection
 * @param inbox      its inbound messages, or {@code null} for a push client (messages go to its service)
 * @param response   the server's 101 response
 */
public record ClientSession(WebSocketConnection connection, ClientInbox inbox, HandshakeResponse response) {
}
