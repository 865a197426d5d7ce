package dev.duplex.benchmarks.servers;

import java.nio.ByteBuffer;
import java.time.Duration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * Jetty 12 with its Jetty WebSocket API (no Servlet container): the listener echoes text with {@code sendText} and
 * binary with {@code sendBinary}, handing the received buffer back and completing Jetty's callback when the write
 * is done (no copy). Default thread pool, as a Jetty user gets.
 */
public final class JettyEchoServer implements EchoServer {
    private final Server server;
    private final ServerConnector connector;

    private JettyEchoServer(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    /** One per connection; Jetty calls it serially and demands the next frame itself. */
    public static final class Echo extends Session.Listener.AbstractAutoDemanding {
        @Override
        public void onWebSocketText(String message) {
            getSession().sendText(message, Callback.NOOP);
        }

        @Override
        public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
            getSession().sendBinary(payload, callback);
        }
    }

    public static JettyEchoServer start(int port) throws Exception {
        var server = new Server();
        var connector = new ServerConnector(server);
        connector.setHost(HOST);
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(WebSocketUpgradeHandler.from(server, container -> {
            container.setMaxTextMessageSize(MAX_MESSAGE_SIZE);
            container.setMaxBinaryMessageSize(MAX_MESSAGE_SIZE);
            container.setMaxFrameSize(MAX_MESSAGE_SIZE);
            container.setIdleTimeout(Duration.ofMinutes(5));
            container.addMapping(PATH, (request, response, callback) -> new Echo());
        }));
        server.start();
        return new JettyEchoServer(server, connector);
    }

    @Override
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Jetty did not stop", e);
        }
    }
}
