package dev.duplex.websocket.internal.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.websocket.RequestLimits;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

/** The HTTP phase's rules, without sockets: {@link HandshakeCheck}, {@link RequestHeadCheck}, {@link RequestTarget}. */
class HandshakeCheckTest {
    private static HttpRequest upgrade() {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/ws");
        request.headers().set("Host", "example.com").set("Upgrade", "websocket").set("Connection", "Upgrade")
                .set("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==").set("Sec-WebSocket-Version", "13");
        return request;
    }

    @Test
    void passesTheHandshakeOfRfc6455sExample() {
        assertThat(HandshakeCheck.check(upgrade())).isNull();
    }

    @Test
    void refusesAnotherMethodWith405AllowingGet() {
        HttpRequest request = upgrade();
        request.setMethod(HttpMethod.POST);

        Refusal refusal = HandshakeCheck.check(request);

        assertThat(refusal.status()).isEqualTo(HttpResponseStatus.METHOD_NOT_ALLOWED);
        assertThat(refusal.headers()).containsEntry("Allow", "GET");
    }

    @Test
    void refusesAnotherVersionWith426NamingVersion13() {
        HttpRequest request = upgrade();
        request.headers().set("Sec-WebSocket-Version", "8");

        Refusal refusal = HandshakeCheck.check(request);

        assertThat(refusal.status()).isEqualTo(HttpResponseStatus.UPGRADE_REQUIRED);
        assertThat(refusal.headers()).containsEntry("Sec-WebSocket-Version", "13");
    }

    @Test
    void refusesHttp10WithoutKeepingTheConnection() {
        HttpRequest request = upgrade();
        request.setProtocolVersion(HttpVersion.HTTP_1_0);

        Refusal refusal = HandshakeCheck.check(request);

        assertThat(refusal.status()).isEqualTo(HttpResponseStatus.BAD_REQUEST);
        assertThat(refusal.keepAllowed()).isFalse();
    }

    @Test
    void refusesAMissingKeyOrHostWith400() {
        HttpRequest noKey = upgrade();
        noKey.headers().remove("Sec-WebSocket-Key");
        HttpRequest noHost = upgrade();
        noHost.headers().remove("Host");

        assertThat(HandshakeCheck.check(noKey).status()).isEqualTo(HttpResponseStatus.BAD_REQUEST);
        assertThat(HandshakeCheck.check(noHost).body()).contains("Host");
    }

    @Test
    void requestHeadCheckRefusesALongUriAndALargeDeclaredBodyNamingTheLimit() {
        var limits = new RequestLimits(10, 8192, 100);
        HttpRequest longUri = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/a-very-long-path");
        HttpRequest largeBody = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/p");
        largeBody.headers().set("Content-Length", "101");

        assertThat(RequestHeadCheck.check(longUri, limits).status())
                .isEqualTo(HttpResponseStatus.REQUEST_URI_TOO_LONG);
        Refusal tooLarge = RequestHeadCheck.check(largeBody, limits);
        assertThat(tooLarge.status()).isEqualTo(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE);
        assertThat(tooLarge.body()).contains("maxEntityBodySize");
        assertThat(tooLarge.keepAllowed()).isFalse();
        assertThat(RequestHeadCheck.check(upgrade(), limits)).isNull();
    }

    @Test
    void requestTargetReducesAnAbsoluteFormToItsPathAndQuery() {
        assertThat(RequestTarget.originForm("ws://example.com:8080/chat?room=1")).isEqualTo("/chat?room=1");
        assertThat(RequestTarget.originForm("https://example.com")).isEqualTo("/");
        assertThat(RequestTarget.originForm("/chat")).isEqualTo("/chat");
        assertThat(RequestTarget.segments("/chat/a%20b?x=1")).containsExactly("chat", "a b");
        assertThat(RequestTarget.segmentsOrNull("/chat/%zz")).isNull();
    }
}
