package dev.duplex.websocket;

/**
 * Receives the pings and pongs a {@link Client}'s server sends (spec §4.3, "onPing and onPong remote methods").
 * Set it with {@link ClientConfiguration.Builder#pingPongHandler}.
 *
 * <p>Without this service, or when {@link #onPing} is not overridden, every ping is answered at once with a pong
 * echoing its payload — whether or not the application is reading. When {@code onPing} is overridden, the service
 * answers: the bytes it returns are sent as the pong; {@code null} sends none (it may call {@link Client#pong}).
 *
 * <p>Threading: called on a worker thread, never concurrently for one client, in the order the frames arrived.
 */
public interface PingPongService {
    /** A ping arrived; returns the pong payload to send, or {@code null} for none. */
    default byte[] onPing(Client client, byte[] data) {
        return data;
    }

    /** A pong arrived. */
    default void onPong(Client client, byte[] data) {
    }
}
