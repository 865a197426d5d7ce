package dev.duplex.cli;

import dev.duplex.websocket.HttpListener;
import dev.duplex.websocket.HttpResponse;
import dev.duplex.websocket.Listener;
import dev.duplex.websocket.ListenerConfiguration;
import dev.duplex.websocket.Service;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code duplex demo}: a web page and two WebSocket services on one port — {@code /echo}, and {@code /chat/{room}}
 * where everyone in a named room sees everyone's messages. Open the printed URL in two browser tabs.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Serve a chat page with /echo and /chat/{room} WebSocket services; open it in two tabs.")
final class DemoCommand implements Runnable {
    @Option(names = {"-p", "--port"}, defaultValue = "9090", description = "Port to listen on (0 picks one). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--host", defaultValue = "0.0.0.0", description = "Address to bind. Default: ${DEFAULT-VALUE}.")
    String host;

    /** Echoes text and binary messages. */
    public static final class Echo implements Service {
        public String onTextMessage(String text) {
            return text;
        }

        public byte[] onBinaryMessage(byte[] data) {
            return data;
        }
    }

    @Override
    public void run() {
        HttpListener http = start(port, host);
        System.out.println("Duplex demo running. Open http://localhost:" + http.getPort()
                + "/ in two browser tabs and chat between them.");
        System.out.println("WebSocket services: ws://localhost:" + http.getPort() + "/echo and ws://localhost:"
                + http.getPort() + "/chat/{room}?name=you");
        System.out.println("Press Ctrl+C to stop.");
        System.out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            http.gracefulStop(java.time.Duration.ofSeconds(5));
            stopped.countDown();
        }));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts the demo on {@code port} and returns its HTTP listener. */
    static HttpListener start(int port, String host) {
        var http = new HttpListener(port, ListenerConfiguration.builder().host(host).server("duplex-demo").build());
        var rooms = new ChatRooms();
        http.get("/health", request -> HttpResponse.text(200, "ok"));
        http.staticResources("/", "dev/duplex/cli/web");
        var ws = new Listener(http);
        ws.attach("/echo", request -> new Echo());
        ws.attach("/chat/{room}", request -> rooms.join(request.pathParam("room"), request.queryParam("name")));
        http.start();
        return http;
    }
}
