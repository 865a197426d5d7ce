package dev.duplex.websocket.internal.connection;

import java.time.Duration;

/**
 * The per-connection settings {@link WebSocketConnection} applies to its outbound side.
 *
 * @param defaultClosureTimeout how long a close waits for the peer's close frame when no timeout is given
 * @param writeTimeout          how long a write may wait for room in the outbound buffer (and, when
 *                              {@code awaitWrites}, for the write to reach the socket); zero waits forever
 * @param writeTimeoutSetting   the setting to name in a timeout's message
 * @param awaitWrites           whether a write returns only once its bytes reached the socket (the client, so a
 *                              failed write can be reported and retried), or once queued (the server)
 */
public record ConnectionSettings(Duration defaultClosureTimeout, Duration writeTimeout, String writeTimeoutSetting,
                                 boolean awaitWrites) {
}
