package dev.duplex.examples;

import dev.duplex.websocket.Client;
import dev.duplex.websocket.ClientConfiguration;
import dev.duplex.websocket.ClientSecureSocket;
import dev.duplex.websocket.TrustedCertificates;

/**
 * A {@code wss://} client for {@link TlsEchoServer}: trusts the certificates in a PEM file (the server's self-signed
 * certificate, or a certificate authority), or the JDK's default trust when none is given, and verifies the host name.
 *
 * <pre>{@code
 * mvn -q -pl duplex-examples exec:java -Dexec.mainClass=dev.duplex.examples.TlsEchoClient \
 *     -Dexec.args="wss://localhost:9443/basic/ws /tmp/duplex-tls-example.../server.crt"
 * }</pre>
 */
public final class TlsEchoClient {
    private TlsEchoClient() {
    }

    /** Sends one text message to {@code url}, trusting {@code trustedPem} ({@code null}: the JDK's default). */
    public static String run(String url, String trustedPem) {
        var secureSocket = ClientSecureSocket.builder()
                .cert(trustedPem == null ? null : new TrustedCertificates(trustedPem))
                .build();
        try (var client = new Client(url, ClientConfiguration.builder().secureSocket(secureSocket).build())) {
            client.writeTextMessage("Text message over TLS");
            String reply = client.readTextMessage();
            System.out.println(reply + " (secure: " + client.isSecure() + ", server certificate: "
                    + client.getPeerCertificates().get(0).getSubjectX500Principal().getName() + ")");
            return reply;
        }
    }

    public static void main(String[] args) {
        run(args.length > 0 ? args[0] : "wss://localhost:9443/basic/ws", args.length > 1 ? args[1] : null);
    }
}
