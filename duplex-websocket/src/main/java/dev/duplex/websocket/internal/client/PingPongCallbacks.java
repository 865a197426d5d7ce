package dev.duplex.websocket.internal.client;

import dev.duplex.websocket.Client;
import dev.duplex.websocket.PingPongService;
import dev.duplex.websocket.internal.connection.WebSocketConnection;

/**
 * A client's {@link PingPongService} as its inbox calls it: pings and pongs go to the service, on workers, one at a
 * time, in arrival order; the pong {@code onPing} returns is sent. Without a service, or when the service keeps the
 * default {@code onPing}, the connection answers pings itself at once, whether or not the application reads.
 *
 * <p>Thread safety: immutable; the inbox calls it one frame at a time.
 */
public final class PingPongCallbacks implements ClientInbox.ControlFrames {
    private final Client client;
    private final PingPongService service;
    private final boolean answersPings;
    private final WebSocketConnection connection;

    /**
     * @param client       the client the service is told about
     * @param service      the application's service, or {@code null}
     * @param answersPings {@link #answersPings(PingPongService)} of {@code service}, found once per client
     * @param connection   the connection the pings arrive on and the pongs go out on
     */
    public PingPongCallbacks(Client client, PingPongService service, boolean answersPings,
                             WebSocketConnection connection) {
        this.client = client;
        this.service = service;
        this.answersPings = answersPings;
        this.connection = connection;
    }

    /** Whether {@code service} answers pings itself: it overrides {@link PingPongService#onPing}. */
    public static boolean answersPings(PingPongService service) {
        if (service == null) {
            return false;
        }
        try {
            return service.getClass().getMethod("onPing", Client.class, byte[].class).getDeclaringClass()
                    != PingPongService.class;
        } catch (NoSuchMethodException impossible) {
            return false;
        }
    }

    @Override
    public boolean answersPings() {
        return answersPings;
    }

    @Override
    public void onPing(byte[] payload) {
        byte[] pong = service.onPing(client, payload);
        if (pong != null && connection.isOpen()) {
            connection.sendPong(pong);
        }
    }

    @Override
    public void onPong(byte[] payload) {
        if (service != null) {
            service.onPong(client, payload);
        }
    }
}
