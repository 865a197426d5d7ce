package dev.duplex.examples.guide;

import dev.duplex.websocket.Client;
import dev.duplex.websocket.ClientConfiguration;
import dev.duplex.websocket.ConnectionClosureException;
import dev.duplex.websocket.InvalidHandshakeException;
import dev.duplex.websocket.PingPongService;
import dev.duplex.websocket.ReadTimeoutException;
import dev.duplex.websocket.RetryConfig;
import java.time.Duration;
import java.util.Map;

/** The code of docs/client.md; see {@link ListenerGuide} for how snippets are kept true. */
public final class ClientGuide {
    private ClientGuide() {
    }

    static void basics(String url) {
        // tag::basics[]
        try (var client = new Client(url)) {
            client.writeTextMessage("Text message");
            String reply = client.readTextMessage();
            client.writeBinaryMessage(new byte[] {1, 2, 3});
            byte[] bytes = client.readBinaryMessage();
            Object next = client.readMessage();           // a String for text, a byte[] for binary
            System.out.println(reply + bytes.length + next);
        }
        // end::basics[]
    }

    static void configured(String url) {
        // tag::configured[]
        var config = ClientConfiguration.builder()
                .subProtocols("chat.v2", "chat.v1")
                .customHeaders(Map.of("X-Client", "guide"))
                .readTimeout(Duration.ofSeconds(30))
                .handShakeTimeout(Duration.ofSeconds(10))
                .maxFrameSize(16 * 1024)
                .retryConfig(new RetryConfig(5, Duration.ofMillis(500), 2.0, Duration.ofSeconds(10)))
                .pingPongHandler(new PingPongService() {
                    @Override
                    public void onPong(Client client, byte[] data) {
                        System.out.println("pong");
                    }
                })
                .build();
        try (var client = new Client(url, config)) {
            System.out.println(client.getNegotiatedSubProtocol().orElse("none"));
        }
        // end::configured[]
    }

    static void errors(String url) {
        // tag::errors[]
        try (var client = new Client(url)) {
            while (true) {
                try {
                    System.out.println(client.readTextMessage());
                } catch (ReadTimeoutException quiet) {
                    client.ping(new byte[0]);                     // still there? the connection stays usable
                }
            }
        } catch (InvalidHandshakeException refused) {
            System.err.println("refused with " + refused.status() + ": " + refused.body());
        } catch (ConnectionClosureException closed) {
            System.err.println("server closed: " + closed.closeCode() + " " + closed.reason());
        }
        // end::errors[]
    }
}
