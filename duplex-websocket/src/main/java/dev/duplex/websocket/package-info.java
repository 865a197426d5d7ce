/**
 * Duplex: a WebSocket server and client (RFC 6455) implementing the Ballerina WebSocket specification.
 *
 * <p>Server: a {@link dev.duplex.websocket.Listener} ({@link dev.duplex.websocket.ListenerConfiguration}) takes upgrade
 * requests, hands each to the {@link dev.duplex.websocket.UpgradeService} attached at its path, and delivers the
 * connection's events to the returned {@link dev.duplex.websocket.Service}, whose methods are found by name and talk
 * back through a {@link dev.duplex.websocket.Caller}. Per-service settings are a
 * {@link dev.duplex.websocket.WsServiceConfig} or a {@link dev.duplex.websocket.ServiceConfig} annotation.
 *
 * <p>Client: a {@link dev.duplex.websocket.Client} ({@link dev.duplex.websocket.ClientConfiguration}) connects, writes
 * and reads, or pushes incoming messages to a service.
 *
 * <p>Errors are unchecked and rooted at {@link dev.duplex.websocket.WebSocketException}. Every type here says in a
 * "Thread safety" paragraph how it may be shared; configuration records are immutable, validated when built, and
 * document their defaults. The {@code internal} packages are not API and may change in any release.
 */
package dev.duplex.websocket;
