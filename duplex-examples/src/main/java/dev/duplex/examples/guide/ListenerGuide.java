package dev.duplex.examples.guide;

import dev.duplex.websocket.Caller;
import dev.duplex.websocket.CloseFrame;
import dev.duplex.websocket.DispatchMode;
import dev.duplex.websocket.Listener;
import dev.duplex.websocket.ListenerConfiguration;
import dev.duplex.websocket.RequestLimits;
import dev.duplex.websocket.Service;
import dev.duplex.websocket.ServiceConfig;
import dev.duplex.websocket.UpgradeException;
import dev.duplex.websocket.UpgradeRequest;
import dev.duplex.websocket.UpgradeService;
import dev.duplex.websocket.WsServiceConfig;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * The code of docs/listener-and-services.md. Each region between tag markers appears in the guide verbatim;
 * DocsSnippetsTest keeps them equal, and the build compiles them, so the guide cannot rot.
 */
public final class ListenerGuide {
    private ListenerGuide() {
    }

    static Listener minimal() {
        // tag::minimal[]
        var listener = new Listener(9090);
        listener.attach("/basic/ws", request -> new EchoService());
        listener.start();
        // end::minimal[]
        return listener;
    }

    static void serveUntilStopped() throws InterruptedException {
        // tag::until-stopped[]
        var listener = new Listener(8080);
        listener.attach("/echo", request -> new EchoService());
        listener.stopOnShutdown(Duration.ofSeconds(10));  // on SIGTERM or Ctrl+C: a graceful stop
        listener.start();
        listener.awaitTermination();                      // main waits here; the listener's threads are daemons
        // end::until-stopped[]
    }

    // tag::echo-service[]
    public static class EchoService implements Service {
        public String onTextMessage(Caller caller, String text) {
            return text;                                  // a returned value is sent back
        }

        public void onBinaryMessage(Caller caller, byte[] data) {
            caller.writeBinaryMessage(data);
        }
    }
    // end::echo-service[]

    static Listener configured() {
        // tag::configured[]
        var config = ListenerConfiguration.builder()
                .host("127.0.0.1")
                .timeout(Duration.ofSeconds(30))          // the HTTP phase before the upgrade
                .server("my-app")
                .requestLimits(new RequestLimits(2048, 8192, 0))
                .build();
        var listener = new Listener(0, config);           // 0: any free port
        listener.start();
        int port = listener.getPort();
        // end::configured[]
        System.out.println(port);
        return listener;
    }

    /** A room of a chat, for the path-template example. */
    public static final class RoomService implements Service {
        private final String room;

        RoomService(String room) {
            this.room = room;
        }

        public String onTextMessage(String text) {
            return room + ": " + text;
        }
    }

    static void templates(Listener listener) {
        // tag::upgrade[]
        listener.attach("/chat/{room}", request -> {
            String token = request.queryParam("token");
            if (token == null) {
                throw new UpgradeException(401, "a token is required")
                        .withHeader("WWW-Authenticate", "Bearer");
            }
            request.addResponseHeader("X-Room", request.pathParam("room"));
            return new RoomService(request.pathParam("room"));
        });
        // end::upgrade[]
    }

    // tag::annotation[]
    @ServiceConfig(subProtocols = {"chat.v2", "chat.v1"}, idleTimeout = 300, maxFrameSize = 16384)
    public static final class ChatUpgradeService implements UpgradeService {
        @Override
        public RoomService onUpgrade(UpgradeRequest request) {   // the concrete type lets attach check RoomService
            return new RoomService("lobby");
        }
    }
    // end::annotation[]

    static void serviceConfig(Listener listener) {
        // tag::service-config[]
        var config = WsServiceConfig.builder()
                .subProtocols("chat.v2", "chat.v1")
                .idleTimeout(Duration.ofMinutes(5))
                .maxFrameSize(16 * 1024)
                .maxMessageSize(4 * 1024 * 1024)
                .connectionClosureTimeout(Duration.ofSeconds(10))
                .dispatchMode(DispatchMode.WORKER)
                .build();
        listener.attach("/chat", new ChatUpgradeService(), config);
        // end::service-config[]
    }

    // tag::lifecycle[]
    public static class TickerService implements Service {
        public void onOpen(Caller caller) {
            caller.setAttribute("opened", System.nanoTime());
        }

        public Stream<String> onTextMessage(String symbol) {      // one message per element
            return Stream.of(symbol + " 101.5", symbol + " 101.7", symbol + " 101.6");
        }

        public byte[] onPing(byte[] data) {                       // answer pings yourself
            return data;
        }

        public CloseFrame onIdleTimeout() {                       // close quiet connections
            return CloseFrame.GOING_AWAY;
        }

        public void onError(Caller caller, Throwable error) {     // exceptions of the other methods
            System.err.println(caller.getConnectionId() + ": " + error.getMessage());
        }

        public void onClose(Caller caller, int statusCode, String reason) {
            System.out.println("closed with " + statusCode + " " + reason);
        }
    }
    // end::lifecycle[]

    static void stop(Listener listener) {
        // tag::stop[]
        listener.gracefulStop(Duration.ofSeconds(10));   // 1001 to everyone, wait for the closing handshakes
        // end::stop[]
    }
}
