package dev.duplex.websocket.internal.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The upgrade request lives as long as its connection, so what it keeps per connection matters with many idle
 * connections (run-memory.sh showed it was the largest share of Duplex's live heap per connection). These tests pin
 * down that it shares what can be shared, without changing what the service sees.
 */
class DefaultUpgradeRequestTest {

    private static DefaultUpgradeRequest upgradeRequest(String uri, Map<String, String> pathParams) {
        // Header names as a client writes them, each a fresh string as the HTTP decoder makes them.
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
        request.headers()
                .add(new String("Host"), "127.0.0.1:8080")
                .add(new String("Upgrade"), "websocket")
                .add(new String("Connection"), "Upgrade")
                .add(new String("Sec-WebSocket-Key"), "dGhlIHNhbXBsZSBub25jZQ==")
                .add(new String("Sec-WebSocket-Version"), "13")
                .add(new String("X-Custom"), "a");
        return new DefaultUpgradeRequest(request, new QueryStringDecoder(uri), pathParams,
                new InetSocketAddress("127.0.0.1", 40000), false, List.of());
    }

    private static String nameOf(DefaultUpgradeRequest request, String name) {
        return request.headers().keySet().stream().filter(name::equals).findFirst().orElseThrow();
    }

    @Test
    void requestsShareTheNamesOfCommonHeadersInsteadOfKeepingACopyEach() {
        DefaultUpgradeRequest first = upgradeRequest("/echo", Map.of());
        DefaultUpgradeRequest second = upgradeRequest("/echo", Map.of());

        String firstKey = nameOf(first, "sec-websocket-key");
        String secondKey = nameOf(second, "sec-websocket-key");
        assertThat(firstKey).isSameAs(secondKey);
        assertThat(first.header("SEC-WEBSOCKET-KEY")).isEqualTo("dGhlIHNhbXBsZSBub25jZQ==");
        assertThat(first.header("x-custom")).isEqualTo("a");
        assertThat(first.headers().keySet()).containsExactly("host", "upgrade", "connection", "sec-websocket-key",
                "sec-websocket-version", "x-custom");
    }

    @Test
    void absentParametersAndCookiesAreTheSharedEmptyMapAndStillAnswerNullForAnyName() {
        DefaultUpgradeRequest request = upgradeRequest("/echo", Map.of());

        assertThat(request.queryParams()).isEmpty();
        assertThat(request.queryParams()).isSameAs(upgradeRequest("/other", Map.of()).queryParams());
        assertThat(request.pathParams()).isEmpty();
        assertThat(request.cookies()).isEmpty();
        assertThat(request.queryParam("missing")).isNull();
        assertThat(request.pathParam("missing")).isNull();
        assertThatThrownBy(() -> request.queryParams().put("k", List.of("v")))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void presentParametersAreKeptInTheirOrderAndReadOnly() {
        DefaultUpgradeRequest request = upgradeRequest("/rooms/7?b=2&a=1", Map.of("room", "7"));

        assertThat(request.queryParams().keySet()).containsExactly("b", "a");
        assertThat(request.queryParam("a")).isEqualTo("1");
        assertThat(request.pathParam("room")).isEqualTo("7");
        assertThatThrownBy(() -> request.pathParams().put("k", "v")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void responseHeadersAreEmptyUntilTheFirstIsAddedAndKeepTheirOrder() {
        DefaultUpgradeRequest request = upgradeRequest("/echo", Map.of());

        assertThat(request.responseHeaders()).isEmpty();
        request.addResponseHeader("X-B", "1");
        request.addResponseHeader("X-A", "2");
        request.addResponseHeader("X-B", "3");

        assertThat(request.responseHeaders()).containsExactly(Map.entry("X-B", List.of("1", "3")),
                Map.entry("X-A", List.of("2")));
    }

    @Test
    void aRepeatedHeaderKeepsEveryValueInOrderUnderOneReadOnlyName() {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/echo");
        request.headers()
                .add("Host", "127.0.0.1:8080")
                .add("X-Trace", "a")
                .add("Cookie", "session=1; theme=dark")
                .add("x-trace", "b")
                .add("Sec-WebSocket-Protocol", "chat, json")
                .add("X-TRACE", "c")
                .add("cookie", "session=2; lang=en")
                .add("Sec-WebSocket-Protocol", "xml");

        var upgrade = new DefaultUpgradeRequest(request, new QueryStringDecoder("/echo"), Map.of(),
                new InetSocketAddress("127.0.0.1", 40000), false, List.of());

        assertThat(upgrade.headers("x-trace")).containsExactly("a", "b", "c");
        assertThat(upgrade.header("X-Trace")).isEqualTo("a");
        assertThat(upgrade.headers().keySet()).containsExactly("host", "x-trace", "cookie", "sec-websocket-protocol");
        assertThat(upgrade.cookies()).containsExactly(Map.entry("session", "1"), Map.entry("theme", "dark"),
                Map.entry("lang", "en"));
        assertThat(upgrade.subProtocols()).containsExactly("chat", "json", "xml");
        assertThatThrownBy(() -> upgrade.headers("x-trace").add("d")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> upgrade.headers("host").add("d")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> upgrade.headers().remove("host")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aCommonHeaderNameInAnyCaseIsTheOneSharedLowerCaseStringAndAnOtherNameIsLowerCased() {
        String host = DefaultUpgradeRequest.sharedKey(new String("host"));

        assertThat(DefaultUpgradeRequest.sharedKey(new String("Host"))).isSameAs(host);
        assertThat(DefaultUpgradeRequest.sharedKey(io.netty.util.AsciiString.of("HOST"))).isSameAs(host);
        assertThat(DefaultUpgradeRequest.sharedKey("Sec-WebSocket-Key")).isEqualTo("sec-websocket-key")
                .isSameAs(DefaultUpgradeRequest.sharedKey("sec-websocket-KEY"));
        assertThat(DefaultUpgradeRequest.sharedKey("X-Custom-Thing")).isEqualTo("x-custom-thing");
        assertThat(DefaultUpgradeRequest.sharedKey("Hosts")).isEqualTo("hosts");
        assertThat(DefaultUpgradeRequest.sharedKey("")).isEmpty();
    }
}
