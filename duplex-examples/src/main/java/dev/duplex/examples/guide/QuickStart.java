package dev.duplex.examples.guide;

// tag::program[]
import dev.duplex.websocket.Client;
import dev.duplex.websocket.Listener;
import dev.duplex.websocket.ListenerConfiguration;
import dev.duplex.websocket.Service;

public class QuickStart {
    public static class EchoService implements Service {
        public String onTextMessage(String text) {
            return text;                                  // a returned value is sent back
        }

        public byte[] onBinaryMessage(byte[] data) {
            return data;
        }
    }

    public static void main(String[] args) {
        var config = ListenerConfiguration.builder().host("127.0.0.1").build();
        var listener = new Listener(0, config);           // 0: any free port
        listener.attach("/echo", request -> new EchoService());
        listener.start();

        String url = "ws://127.0.0.1:" + listener.getPort() + "/echo";
        try (var client = new Client(url)) {
            client.writeTextMessage("Hello, Duplex");
            System.out.println(client.readTextMessage());              // Hello, Duplex
            client.writeBinaryMessage(new byte[] {1, 2, 3});
            System.out.println(client.readBinaryMessage().length + " bytes back");
        }
        listener.gracefulStop();                          // closes what is left, then main ends and so does the JVM
    }
}
// end::program[]
