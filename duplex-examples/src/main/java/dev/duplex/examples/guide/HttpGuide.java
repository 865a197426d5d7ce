package dev.duplex.examples.guide;

import dev.duplex.websocket.HttpListener;
import dev.duplex.websocket.HttpResponse;
import dev.duplex.websocket.Listener;
import dev.duplex.websocket.Service;
import java.time.Duration;

/**
 * The code of docs/http-routes.md. Each region between tag markers appears in the guide verbatim; DocsSnippetsTest
 * keeps them equal, and the build compiles them, so the guide cannot rot.
 */
public final class HttpGuide {
    private HttpGuide() {
    }

    /** A service that echoes text. */
    public static class ChatService implements Service {
        public String onTextMessage(String text) {
            return text;
        }
    }

    static HttpListener sharedPort() {
        // tag::shared-port[]
        var http = new HttpListener(8080);
        http.get("/health", request -> HttpResponse.text(200, "ok"));
        http.staticResources("/", "web");                 // class-path folder web/
        var ws = new Listener(http);                       // the same port
        ws.attach("/chat/{room}", request -> new ChatService());
        http.start();                                      // binds once; ws.start() may come before or after
        // end::shared-port[]
        return http;
    }

    static void routes(HttpListener http) {
        // tag::routes[]
        http.get("/users/{id}", request -> HttpResponse.text(200, "user " + request.pathParams().get("id")));
        http.post("/orders", request -> HttpResponse.json(201, request.bodyAsString()));
        http.route("PUT", "/orders/{id}", request -> HttpResponse.text(204, ""));
        http.get("/search", request -> HttpResponse.text(200, "q=" + request.queryParam("q")));
        http.get("/files/**", request -> HttpResponse.text(200, request.pathParams().get("**")));
        // end::routes[]
    }

    static void stop(HttpListener http) {
        // tag::stop[]
        http.gracefulStop(Duration.ofSeconds(10));         // WebSocket connections get 1001, then all close
        // end::stop[]
    }
}
