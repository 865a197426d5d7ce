package dev.duplex.websocket;

/**
 * Receives the pings and pongs a {@link Client}'s server sends (spec §4.3, "onPing and onPong remote methods").
 * Set it with {@link ClientConfiguration.Builder#pingPongHandler}.
 *
 * <p>Without this service, or when {@link #onPing} is not overridden, every ping is answered at once with a pong
 * echoing its payload — whether or not the application is reading. When {@code onPing} is overridden, the service
 * answers: the bytes it returns are sent as the pong; {@code null} sends none (it may call {@link Client#pong}).
 *
 * <p>Thread safety: called on a worker thread, never concurrently for one client, in the order the frames arrived; an
 * instance shared by several clients is called concurrently.
 */
public interface PingPongService {
    /**
     * A ping arrived. The default answers with a pong echoing {@code data}.
     *
     * @param client the client the ping arrived on
     * @param data   the ping's payload, at most 125 bytes
     * @return the pong payload to send (at most 125 bytes), or {@code null} to send none
     */
    default byte[] onPing(Client client, byte[] data) {
        return data;
    }

    /**
     * A pong arrived: an answer to {@link Client#ping(byte[])}, or the server's heartbeat. The default does nothing.
     *
     * @param client the client the pong arrived on
     * @param data   the pong's payload, at most 125 bytes
     */
    default void onPong(Client client, byte[] data) {
    }
}
