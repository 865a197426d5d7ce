package dev.duplex.examples;

import dev.duplex.websocket.Caller;
import dev.duplex.websocket.Listener;
import dev.duplex.websocket.Service;
import java.time.Duration;
import java.util.Arrays;

/**
 * The spec's §6 Listener sample: a service at {@code /basic/ws} that prints and echoes every text and binary
 * message.
 *
 * <pre>{@code
 * mvn -q -pl duplex-examples exec:java            # port 9090
 * mvn -q -pl duplex-examples exec:java -Dexec.args=0   # any free port
 * }</pre>
 */
public final class EchoServer {
    private EchoServer() {
    }

    /** The sample's service: echoes text and binary messages back to the caller. */
    public static final class WsService implements Service {
        public void onTextMessage(Caller caller, String text) {
            System.out.println("Text message: " + text);
            caller.writeTextMessage(text);
        }

        public void onBinaryMessage(Caller caller, byte[] data) {
            System.out.println(Arrays.toString(data));
            caller.writeBinaryMessage(data);
        }
    }

    /** Starts the listener on {@code port} and returns it. */
    public static Listener start(int port) {
        var listener = new Listener(port);
        listener.attach("/basic/ws", request -> new WsService());
        listener.start();
        return listener;
    }

    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 9090;
        Listener listener = start(port);
        System.out.println("Echo service listening on ws://localhost:" + listener.getPort() + "/basic/ws");
        System.out.println("Try it: open a browser console and run");
        System.out.println("  ws = new WebSocket('ws://localhost:" + listener.getPort()
                + "/basic/ws'); ws.onmessage = e => console.log(e.data); ws.onopen = () => ws.send('hello')");
        System.out.println("Press Ctrl+C to stop.");
        listener.stopOnShutdown(Duration.ofSeconds(5));
        listener.awaitTermination();
    }
}
