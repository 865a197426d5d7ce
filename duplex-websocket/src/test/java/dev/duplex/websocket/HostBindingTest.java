package dev.duplex.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.duplex.websocket.testkit.RawWebSocket;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Spec §2.1 {@code host}: the listener binds only the configured address. Uses a second loopback address
 * (127.0.0.2, which Linux routes to the loopback interface) to see that another address of the same machine is not
 * served; skipped where that address cannot be bound.
 */
class HostBindingTest {
    private Listener listener;

    /** Accepts and stays quiet. */
    public static class Quiet implements Service {
    }

    private int start(String host) {
        listener = new Listener(0, ListenerConfiguration.builder().host(host).timeout(Duration.ofSeconds(5)).build());
        listener.attach("/ws", request -> new Quiet());
        listener.start();
        return listener.getPort();
    }

    @AfterEach
    void stopListener() {
        if (listener != null) {
            listener.immediateStop();
        }
    }

    private static boolean secondLoopbackAddressUsable() {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.2"))) {
            return true;
        } catch (IOException unavailable) {
            return false;
        }
    }

    private static void connect(String host, int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 2000);
        }
    }

    @Test
    void aListenerBoundTo127001AcceptsThere() throws IOException {
        int port = start("127.0.0.1");

        try (RawWebSocket ws = RawWebSocket.connect(port, "/ws")) {
            assertThat(ws.handshakeResponse().status()).isEqualTo(101);
        }
    }

    @Test
    void aListenerBoundTo127001RefusesConnectionsToAnotherAddressOfTheMachine() {
        assumeTrue(secondLoopbackAddressUsable(), "127.0.0.2 is not usable here");
        int port = start("127.0.0.1");

        assertThatThrownBy(() -> connect("127.0.0.2", port)).isInstanceOf(ConnectException.class);
    }

    @Test
    void aListenerBoundToAnotherAddressDoesNotAcceptOn127001() throws IOException {
        assumeTrue(secondLoopbackAddressUsable(), "127.0.0.2 is not usable here");
        int port = start("127.0.0.2");

        connect("127.0.0.2", port);
        assertThatThrownBy(() -> connect("127.0.0.1", port)).isInstanceOf(ConnectException.class);
    }

    @Test
    void startFailsNamingTheHostWhenItIsNotAnAddressOfThisMachine() {
        // 192.0.2.0/24 is TEST-NET-1 (RFC 5737); binding it fails unless an interface holds that exact address.
        listener = new Listener(0, ListenerConfiguration.builder().host("192.0.2.123").build());

        assertThatThrownBy(listener::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("192.0.2.123");
    }
}
