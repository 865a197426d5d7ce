package dev.duplex.websocket.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duplex.websocket.internal.client.WebSocketUrl;
import org.junit.jupiter.api.Test;

class WebSocketUrlTest {

    @Test
    void wsUrlWithoutPortConnectsToPort80AndLeavesThePortOutOfTheHostHeader() {
        WebSocketUrl url = WebSocketUrl.parse("ws://example.com/chat");

        assertThat(url.secure()).isFalse();
        assertThat(url.host()).isEqualTo("example.com");
        assertThat(url.port()).isEqualTo(80);
        assertThat(url.hostHeader()).isEqualTo("example.com");
        assertThat(url.requestTarget()).isEqualTo("/chat");
    }

    @Test
    void wssUrlWithoutPortConnectsToPort443() {
        WebSocketUrl url = WebSocketUrl.parse("wss://example.com/chat");

        assertThat(url.secure()).isTrue();
        assertThat(url.port()).isEqualTo(443);
        assertThat(url.hostHeader()).isEqualTo("example.com");
    }

    @Test
    void explicitDefaultPortIsLeftOutOfTheHostHeader() {
        assertThat(WebSocketUrl.parse("ws://example.com:80/").hostHeader()).isEqualTo("example.com");
        assertThat(WebSocketUrl.parse("wss://example.com:443/").hostHeader()).isEqualTo("example.com");
    }

    @Test
    void otherPortIsKeptInTheHostHeader() {
        WebSocketUrl url = WebSocketUrl.parse("ws://example.com:8080/chat");

        assertThat(url.port()).isEqualTo(8080);
        assertThat(url.hostHeader()).isEqualTo("example.com:8080");
    }

    @Test
    void urlWithoutPathRequestsTheRoot() {
        assertThat(WebSocketUrl.parse("ws://example.com").requestTarget()).isEqualTo("/");
        assertThat(WebSocketUrl.parse("ws://example.com?x=1").requestTarget()).isEqualTo("/?x=1");
    }

    @Test
    void queryStringIsKeptAsSent() {
        WebSocketUrl url = WebSocketUrl.parse("ws://example.com/chat/room%201?user=a%20b&lang=en");

        assertThat(url.requestTarget()).isEqualTo("/chat/room%201?user=a%20b&lang=en");
    }

    @Test
    void ipv6LiteralConnectsWithoutBracketsAndKeepsThemInTheHostHeader() {
        WebSocketUrl url = WebSocketUrl.parse("ws://[::1]:9090/ws");

        assertThat(url.host()).isEqualTo("::1");
        assertThat(url.port()).isEqualTo(9090);
        assertThat(url.hostHeader()).isEqualTo("[::1]:9090");
    }

    @Test
    void ipv6LiteralWithDefaultPortHasABracketedHostHeader() {
        WebSocketUrl url = WebSocketUrl.parse("ws://[::1]/ws");

        assertThat(url.host()).isEqualTo("::1");
        assertThat(url.port()).isEqualTo(80);
        assertThat(url.hostHeader()).isEqualTo("[::1]");
    }

    @Test
    void schemeIsCaseInsensitive() {
        assertThat(WebSocketUrl.parse("WSS://example.com/").secure()).isTrue();
    }

    @Test
    void hostNameWithAnUnderscoreIsAccepted() {
        // Container and compose service names often contain '_'; java.net.URI then reports no host.
        WebSocketUrl url = WebSocketUrl.parse("ws://chat_server:9090/ws?x=1");

        assertThat(url.host()).isEqualTo("chat_server");
        assertThat(url.port()).isEqualTo(9090);
        assertThat(url.hostHeader()).isEqualTo("chat_server:9090");
        assertThat(url.requestTarget()).isEqualTo("/ws?x=1");
    }

    @Test
    void httpSchemeIsRefusedNamingTheUrl() {
        assertThatThrownBy(() -> WebSocketUrl.parse("http://example.com/chat"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("http://example.com/chat")
                .hasMessageContaining("ws://");
    }

    @Test
    void malformedUrlIsRefusedNamingTheUrl() {
        assertThatThrownBy(() -> WebSocketUrl.parse("ws://exa mple.com/chat"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ws://exa mple.com/chat");
    }

    @Test
    void urlWithoutSchemeIsRefusedNamingTheUrl() {
        assertThatThrownBy(() -> WebSocketUrl.parse("example.com/chat"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("example.com/chat");
    }

    @Test
    void urlWithoutHostIsRefusedNamingTheUrl() {
        assertThatThrownBy(() -> WebSocketUrl.parse("ws:///chat"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ws:///chat");
    }

    @Test
    void urlWithAFragmentIsRefused() {
        // RFC 6455 §3: fragment identifiers are meaningless in WebSocket URIs and must not be used.
        assertThatThrownBy(() -> WebSocketUrl.parse("ws://example.com/chat#top"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ws://example.com/chat#top");
    }

    @Test
    void emptyUrlIsRefused() {
        assertThatThrownBy(() -> WebSocketUrl.parse(" "))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
