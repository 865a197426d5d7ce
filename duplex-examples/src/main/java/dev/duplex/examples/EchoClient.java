package dev.duplex.examples;

import dev.duplex.websocket.Client;
import java.nio.charset.StandardCharsets;

/**
 * The spec's §6 Client sample: sends a text and a binary message to the echo service and prints the replies.
 *
 * <pre>{@code
 * mvn -q -pl duplex-examples exec:java -Dexec.mainClass=dev.duplex.examples.EchoClient \
 *     -Dexec.args=ws://localhost:9090/basic/ws
 * }</pre>
 */
public final class EchoClient {
    private EchoClient() {
    }

    /** Runs the sample against {@code url} and returns the two replies, text then binary decoded as UTF-8. */
    public static String[] run(String url) {
        try (var wsClient = new Client(url)) {
            wsClient.writeTextMessage("Text message");
            String textResp = wsClient.readTextMessage();
            System.out.println(textResp);

            wsClient.writeBinaryMessage("Binary message".getBytes(StandardCharsets.UTF_8));
            byte[] byteResp = wsClient.readBinaryMessage();
            String stringResp = new String(byteResp, StandardCharsets.UTF_8);
            System.out.println(stringResp);
            return new String[] {textResp, stringResp};
        }
    }

    public static void main(String[] args) {
        run(args.length > 0 ? args[0] : "ws://localhost:9090/basic/ws");
    }
}
