package dev.duplex.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duplex.websocket.testkit.ConnectProxy;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client through an HTTP {@code CONNECT} proxy ({@link ClientConfiguration#proxy()}). */
class ProxyTest {
    public static class Echo implements Service {
        public String onTextMessage(String text) {
            return text;
        }
    }

    private Listener listener;
    private String url;

    @BeforeEach
    void start() {
        listener = new Listener(0, ListenerConfiguration.builder().host("127.0.0.1").build());
        listener.attach("/echo", request -> new Echo());
        listener.start();
        url = "ws://127.0.0.1:" + listener.getPort() + "/echo";
    }

    @AfterEach
    void stop() {
        listener.immediateStop();
    }

    private static ClientConfiguration through(ProxyConfig proxy) {
        return ClientConfiguration.builder().proxy(proxy).handShakeTimeout(Duration.ofSeconds(10)).build();
    }

    @Test
    void connectsThroughAProxyWithConnectAndExchangesMessages() throws Exception {
        try (var proxy = ConnectProxy.open();
             var client = new Client(url, through(ProxyConfig.of("127.0.0.1", proxy.port())))) {
            client.writeTextMessage("through the tunnel");
            assertThat(client.readTextMessage()).isEqualTo("through the tunnel");
            assertThat(proxy.targets()).containsExactly("127.0.0.1:" + listener.getPort());
        }
    }

    @Test
    void sendsBasicCredentialsToAProxyThatWantsThem() throws Exception {
        try (var proxy = ConnectProxy.requiring("alice", "s3cret:with colon");
             var client = new Client(url, through(ProxyConfig.of("127.0.0.1", proxy.port())
                     .withCredentials("alice", "s3cret:with colon")))) {
            client.writeTextMessage("authenticated");
            assertThat(client.readTextMessage()).isEqualTo("authenticated");
        }
    }

    @Test
    void failsWithConnectionExceptionNaming407WhenTheProxyCredentialsAreWrong() throws Exception {
        try (var proxy = ConnectProxy.requiring("alice", "right")) {
            var config = through(ProxyConfig.of("127.0.0.1", proxy.port()).withCredentials("alice", "wrong"));
            assertThatThrownBy(() -> new Client(url, config))
                    .isInstanceOf(ConnectionException.class)
                    .hasMessageContaining("proxy")
                    .hasMessageContaining("407");
            assertThat(proxy.targets()).hasSize(1);
        }
    }

    @Test
    void failsWithConnectionExceptionNaming407WhenTheProxyWantsCredentialsAndNoneAreConfigured() throws Exception {
        try (var proxy = ConnectProxy.requiring("alice", "right")) {
            assertThatThrownBy(() -> new Client(url, through(ProxyConfig.of("127.0.0.1", proxy.port()))))
                    .isInstanceOf(ConnectionException.class)
                    .hasMessageContaining("407");
        }
    }

    @Test
    void failsWithConnectionExceptionWhenTheProxyCannotBeReached() throws Exception {
        int closedPort;
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        assertThatThrownBy(() -> new Client(url, through(ProxyConfig.of("127.0.0.1", closedPort))))
                .isInstanceOf(ConnectionException.class);
    }

    @Test
    void proxyConfigNeverShowsThePassword() {
        assertThat(ProxyConfig.of("proxy.example", 3128).withCredentials("bob", "hunter2").toString())
                .contains("bob").doesNotContain("hunter2");
    }

    @Test
    void proxyConfigRefusesAPortOutOfRange() {
        assertThatThrownBy(() -> ProxyConfig.of("proxy.example", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port");
    }
}
