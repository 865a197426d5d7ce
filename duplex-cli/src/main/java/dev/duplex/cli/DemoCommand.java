package dev.duplex.cli;

import dev.duplex.websocket.HttpListener;
import dev.duplex.websocket.HttpResponse;
import dev.duplex.websocket.Listener;
import dev.duplex.websocket.ListenerConfiguration;
import dev.duplex.websocket.Service;
import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

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

    @Mixin
    RedisOptions cluster = new RedisOptions();

    /** Echoes text and binary messages. */
    public static final class Echo implements Service {
        public String onTextMessage(String text) {
            return text;
        }

        public byte[] onBinaryMessage(byte[] data) {
            return data;
        }
    }

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        HttpListener http = start(port, cluster.configure(spec, ListenerConfiguration.builder().host(host)));
        String address = displayHost(host) + ":" + http.getPort();
        PrintWriter out = spec.commandLine().getOut();
        out.println("Duplex demo running" + cluster.describe() + ". Open http://" + address
                + "/ in two browser tabs and chat between them.");
        out.println("WebSocket services: ws://" + address + "/echo and ws://" + address + "/chat/{room}?name=you");
        out.println("Press Ctrl+C to stop.");
        out.flush();
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

    /** The host to print in URLs: localhost for a wildcard address, which is not one a browser can open. */
    static String displayHost(String host) {
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            return "localhost";
        }
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /** Starts the demo on {@code port} and returns its HTTP listener. */
    static HttpListener start(int port, String host) {
        return start(port, ListenerConfiguration.builder().host(host));
    }

    /** Starts the demo on {@code port} with {@code config} (its host, and a broker for rooms across nodes). */
    static HttpListener start(int port, ListenerConfiguration.Builder config) {
        var http = new HttpListener(port, config.server("duplex-demo").build());
        http.get("/health", request -> HttpResponse.text(200, "ok"));
        http.staticResources("/", "dev/duplex/cli/web");
        var ws = new Listener(http);
        var rooms = new ChatRooms(ws.groups());
        ws.attach("/echo", request -> new Echo());
        ws.attach("/chat/{room}", request -> rooms.join(request.pathParam("room"), request.queryParam("name")));
        http.start();
        return http;
    }
}
