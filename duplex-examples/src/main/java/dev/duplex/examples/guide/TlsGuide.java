package dev.duplex.examples.guide;

import dev.duplex.websocket.CertKey;
import dev.duplex.websocket.CertValidation;
import dev.duplex.websocket.CertValidationType;
import dev.duplex.websocket.Client;
import dev.duplex.websocket.ClientConfiguration;
import dev.duplex.websocket.ClientSecureSocket;
import dev.duplex.websocket.KeyStoreFile;
import dev.duplex.websocket.Listener;
import dev.duplex.websocket.ListenerConfiguration;
import dev.duplex.websocket.ListenerSecureSocket;
import dev.duplex.websocket.MutualSsl;
import dev.duplex.websocket.Protocol;
import dev.duplex.websocket.TrustedCertificates;
import dev.duplex.websocket.UntrustedCertificateException;
import dev.duplex.websocket.VerifyClient;
import java.time.Duration;

/** The code of docs/tls.md; see {@link ListenerGuide} for how snippets are kept true. */
public final class TlsGuide {
    private TlsGuide() {
    }

    static Listener listener() {
        // tag::listener[]
        var tls = ListenerSecureSocket.builder(new CertKey("server.crt", "server.key"))
                .protocol(Protocol.tls("TLSv1.3", "TLSv1.2"))
                .build();
        var listener = new Listener(9443, ListenerConfiguration.builder().secureSocket(tls).build());
        listener.attach("/basic/ws", request -> new ListenerGuide.EchoService());
        listener.start();
        // end::listener[]
        return listener;
    }

    static ListenerSecureSocket mutual() {
        // tag::mutual[]
        return ListenerSecureSocket.builder(new KeyStoreFile("server.p12", "changeit"))
                .mutualSsl(new MutualSsl(VerifyClient.REQUIRE, new TrustedCertificates("clients-ca.crt")))
                .certValidation(new CertValidation(CertValidationType.OCSP_CRL, 1000, Duration.ofMinutes(10)))
                .handshakeTimeout(Duration.ofSeconds(10))
                .build();
        // end::mutual[]
    }

    static ListenerSecureSocket stapling() {
        // tag::stapling[]
        return ListenerSecureSocket.builder(new CertKey("server-chain.crt", "server.key")) // certificate, then issuer
                .certValidation(new CertValidation(CertValidationType.OCSP_STAPLING, 1, Duration.ofHours(1)))
                .build();
        // end::stapling[]
    }

    static void client() {
        // tag::client[]
        var tls = ClientSecureSocket.builder()
                .cert(new TrustedCertificates("ca.crt"))           // none: the JDK's default trust
                .key(new CertKey("client.crt", "client.key")) // for mutual TLS
                .verifyHostName(true)
                .build();
        try (var client = new Client("wss://localhost:9443/basic/ws",
                ClientConfiguration.builder().secureSocket(tls).build())) {
            client.writeTextMessage("over TLS");
            System.out.println(client.readTextMessage() + " " + client.isSecure());
        } catch (UntrustedCertificateException untrusted) {
            System.err.println(untrusted.getMessage());
        }
        // end::client[]
    }
}
