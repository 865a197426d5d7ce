package dev.duplex.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpListenerTest {
    public static class Echo implements Service {
        public String onTextMessage(String text) {
            return text;
        }
    }

    private HttpListener http;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        http = new HttpListener(0, ListenerConfiguration.builder().host("127.0.0.1").build());
        http.get("/health", request -> HttpResponse.text(200, "ok"));
        http.post("/echo-body", request -> HttpResponse.json(201, "{\"got\":\"" + request.bodyAsString() + "\"}"));
        http.get("/users/{id}", request -> HttpResponse.text(200, "user " + request.pathParams().get("id")));
        http.get("/boom", request -> {
            throw new IllegalStateException("boom");
        });
        http.staticResources("/site", "web");
        var ws = new Listener(http);
        ws.attach("/ws", request -> new Echo());
        http.start();
    }

    @AfterEach
    void stop() {
        http.immediateStop();
    }

    private java.net.http.HttpResponse<String> get(String path) throws Exception {
        return client.send(java.net.http.HttpRequest.newBuilder(URI.create(base() + path)).build(),
                BodyHandlers.ofString());
    }

    private String base() {
        return "http://127.0.0.1:" + http.getPort();
    }

    @Test
    void servesAnHttpRouteAndAWebSocketServiceOnOnePort() throws Exception {
        assertThat(get("/health").body()).isEqualTo("ok");
        try (var ws = new Client("ws://127.0.0.1:" + http.getPort() + "/ws")) {
            ws.writeTextMessage("hi");
            assertThat(ws.readTextMessage()).isEqualTo("hi");
        }
    }

    @Test
    void passesPathParametersAndBodiesToHandlers() throws Exception {
        assertThat(get("/users/42").body()).isEqualTo("user 42");
        var response = client.send(java.net.http.HttpRequest.newBuilder(URI.create(base() + "/echo-body"))
                .POST(BodyPublishers.ofString("abc")).build(), BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.body()).isEqualTo("{\"got\":\"abc\"}");
        assertThat(response.headers().firstValue("content-type")).contains("application/json");
    }

    @Test
    void servesStaticResourcesFromTheClassPathAndRefusesTraversal() throws Exception {
        var page = get("/site/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("static page");
        assertThat(page.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(get("/site/../HttpListenerTest.class").statusCode()).isEqualTo(404);
        assertThat(get("/site/%2e%2e/web/index.html").statusCode()).isEqualTo(404);
    }

    @Test
    void aClassPathFolderWithoutAnIndexIsNotListed() throws Exception {
        assertThat(get("/site/assets/app.css").statusCode()).isEqualTo(200);

        var folder = get("/site/assets");
        assertThat(folder.statusCode()).isEqualTo(404);
        assertThat(folder.body()).doesNotContain("app.css");
        assertThat(get("/site/assets/").statusCode()).isEqualTo(404);
    }

    @Test
    void staticResourcesRefusesTheWholeClassPathAsItsRoot() {
        for (String root : new String[] {"/", "", "//"}) {
            assertThatThrownBy(() -> http.staticResources("/all", root))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("staticResources").hasMessageContaining("root");
        }
        assertThat(http.staticResources("/web", "/web/")).isSameAs(http);
    }

    @Test
    void servesFilesFromADirectory(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.css"), "body{}");
        http.staticFiles("/files", dir);
        var css = get("/files/a.css");
        assertThat(css.body()).isEqualTo("body{}");
        assertThat(css.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/css"));
        assertThat(get("/files/missing.css").statusCode()).isEqualTo(404);
    }

    @Test
    void answers500WhenAHandlerThrowsAndKeepsServing() throws Exception {
        assertThat(get("/boom").statusCode()).isEqualTo(500);
        assertThat(get("/health").statusCode()).isEqualTo(200);
    }

    @Test
    void answers404ForUnknownPathsAnd405ForOtherMethods() throws Exception {
        assertThat(get("/nothing").statusCode()).isEqualTo(404);
        var response = client.send(java.net.http.HttpRequest.newBuilder(URI.create(base() + "/health"))
                .DELETE().build(), BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(405);
    }

    @Test
    void answers404ToAnUpgradeForAPathOnlyHttpRoutesServe() {
        assertThatThrownBy(() -> new Client("ws://127.0.0.1:" + http.getPort() + "/site/page.html"))
                .isInstanceOfSatisfying(InvalidHandshakeException.class, refused -> {
                    assertThat(refused.status()).isEqualTo(404);
                    assertThat(refused.body()).isEqualTo("no WebSocket service at /site/page.html");
                });
    }
}
