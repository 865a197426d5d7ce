package dev.duplex.websocket;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.duplex.websocket.internal.tls.TlsEngine;
import dev.duplex.websocket.testkit.TestCertificates;
import io.netty.handler.ssl.OpenSsl;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the TLS tests share: a certificate authority and a server certificate for localhost and 127.0.0.1 made once per
 * run, a temporary folder for their files, the engine under test (set through {@code -Dduplex.tls.provider} before
 * anything is built), and listeners and clients that are stopped after each test.
 */
abstract class TlsTestSupport {
    static final TestCertificates.Authority CA = TestCertificates.authority("Duplex Test CA");
    static final TestCertificates.Issued SERVER = CA.issue("localhost").build();

    @TempDir
    Path dir;

    private final List<AutoCloseable> opened = new ArrayList<>();

    /** Echoes text and binary messages; answers "certs" with the client's verified certificate's subject. */
    public static class Echo implements Service {
        public String onTextMessage(Caller caller, String text) {
            if (text.equals("secure?")) {
                return String.valueOf(caller.isSecure());
            }
            if (text.equals("peer?")) {
                var chain = caller.getPeerCertificates();
                return chain.isEmpty() ? "none" : chain.get(0).getSubjectX500Principal().getName();
            }
            return text;
        }

        public byte[] onBinaryMessage(byte[] data) {
            return data;
        }
    }

    /** Makes the next listeners and clients use {@code engine}; skips the test when it cannot load here. */
    static void use(TlsEngine engine) {
        if (engine == TlsEngine.OPENSSL) {
            assumeTrue(OpenSsl.isAvailable(), () -> "OpenSSL does not load here: " + OpenSsl.unavailabilityCause());
        }
        System.setProperty(TlsEngine.PROPERTY, engine.name().toLowerCase(java.util.Locale.ROOT));
    }

    @AfterEach
    void closeEverything() throws Exception {
        for (AutoCloseable closeable : opened) {
            if (closeable instanceof Listener listener) {
                listener.immediateStop();
            } else {
                try {
                    closeable.close();
                } catch (WebSocketException alreadyClosed) {
                    // the test ended it
                }
            }
        }
        System.clearProperty(TlsEngine.PROPERTY);
    }

    /** Closes (or stops) {@code closeable} after the test. */
    <T extends AutoCloseable> T closeAfterTest(T closeable) {
        opened.add(closeable);
        return closeable;
    }

    /** Starts a listener on 127.0.0.1 with {@code secureSocket} and the {@link Echo} service at /echo. */
    Listener listen(ListenerSecureSocket secureSocket) {
        return listen(secureSocket, request -> new Echo());
    }

    Listener listen(ListenerSecureSocket secureSocket, UpgradeService upgradeService) {
        return listen(secureSocket, upgradeService, WsServiceConfig.DEFAULT);
    }

    Listener listen(ListenerSecureSocket secureSocket, UpgradeService upgradeService, WsServiceConfig config) {
        Listener listener = new Listener(0, ListenerConfiguration.builder().host("127.0.0.1")
                .secureSocket(secureSocket).build());
        opened.add(listener);
        listener.attach("/echo", upgradeService, config);
        listener.start();
        return listener;
    }

    /** Connects to the listener's /echo over wss at {@code host}. */
    Client connect(Listener listener, String host, ClientSecureSocket secureSocket) {
        Client client = new Client("wss://" + host + ":" + listener.getPort() + "/echo",
                ClientConfiguration.builder().secureSocket(secureSocket).build());
        opened.add(client);
        return client;
    }

    /** A client configuration trusting the test CA. */
    ClientSecureSocket trustingCa() {
        return ClientSecureSocket.builder().cert(CA.trusted(dir)).build();
    }

    ListenerSecureSocket serverPem() {
        return ListenerSecureSocket.builder(SERVER.certKey(dir)).build();
    }
}
