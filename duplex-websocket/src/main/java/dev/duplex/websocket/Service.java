package dev.duplex.websocket;

/**
 * A WebSocket service: the object an {@link UpgradeService} returns for each accepted connection, whose public
 * methods receive the connection's events (spec §3.2). It declares no methods; Duplex finds them by name when the
 * service class is first seen, checks their signatures and binds them once.
 *
 * <p>Each method may take a {@link Caller} as its first parameter (or leave it out):
 * <ul>
 *   <li>{@code onOpen(Caller)} — the handshake completed.</li>
 *   <li>{@code onTextMessage(Caller, String)} — a whole text message.</li>
 *   <li>{@code onBinaryMessage(Caller, byte[])} — a whole binary message.</li>
 *   <li>{@code onPing(Caller, byte[])} — a ping; when present the service answers it (returning {@code byte[]} sends
 *       it as the pong); when absent a pong echoing the payload is sent automatically.</li>
 *   <li>{@code onPong(Caller, byte[])} — a pong.</li>
 *   <li>{@code onIdleTimeout(Caller)} — no traffic for {@link WsServiceConfig#idleTimeout()}; the connection stays open
 *       unless the method closes it.</li>
 *   <li>{@code onClose(Caller, int statusCode, String reason)} — the connection ended: called exactly once per
 *       connection, with the peer's close code (1005 when its close frame had none) or 1006 when the TCP connection
 *       dropped without a close frame. The {@code int} and {@code String} parameters are optional.</li>
 *   <li>{@code onError(Caller, Throwable)} — a protocol violation (the connection was already closed with the right
 *       code) or an exception from another method (the connection stays open). The parameter may be declared as
 *       {@code Throwable}, {@code Exception} or {@link WebSocketException}.</li>
 * </ul>
 *
 * <p>A value returned by a message method is sent back: {@code String} as text, {@code byte[]} or
 * {@link java.nio.ByteBuffer} as binary, a {@link CloseFrame} closes the connection, and a
 * {@link java.util.stream.Stream}, {@link Iterable} or {@link java.util.concurrent.Flow.Publisher} sends one message
 * per element while the connection goes on handling other messages.
 *
 * <p>An exception thrown by a method goes to {@code onError} when the service has one; otherwise it is logged and the
 * connection closes with 1011. The listener and every other connection keep working.
 *
 * <p>Thread safety: the methods of one connection are never called concurrently and are called in the order the
 * events happened; see {@link DispatchMode} for which thread calls them. A service instance returned for several
 * connections receives their events concurrently and must guard its own state.
 */
public interface Service {
}
