package dev.duplex.examples.guide;

import dev.duplex.websocket.Caller;
import dev.duplex.websocket.Client;
import dev.duplex.websocket.ClientConfiguration;
import dev.duplex.websocket.Listener;
import dev.duplex.websocket.ListenerConfiguration;
import dev.duplex.websocket.ProxyConfig;
import dev.duplex.websocket.Service;
import dev.duplex.websocket.WsServiceConfig;
import java.time.Duration;
import java.util.function.Consumer;

/** The code of docs/compression-and-limits.md; see {@link ListenerGuide} for how snippets are kept true. */
public final class LimitsGuide {
    private LimitsGuide() {
    }

    /** Answers a symbol with its quote; any service would do for the settings shown here. */
    public static class QuoteService implements Service {
        public String onTextMessage(String symbol) {
            return symbol + " 101.5";
        }
    }

    static ListenerConfiguration listenerConfiguration() {
        // tag::listener[]
        var config = ListenerConfiguration.builder()
                .webSocketCompressionEnabled(true)       // the default
                .maxConnections(10_000)                  // more upgrades get 503 with Retry-After: 1
                .build();
        // end::listener[]
        return config;
    }

    static void attach(Listener listener) {
        // tag::service[]
        listener.attach("/quotes", request -> new QuoteService(), WsServiceConfig.builder()
                .compression(true)                                  // the default
                .compressionThreshold(1024)                         // shorter messages go uncompressed
                .maxMessageSize(256 * 1024)                         // also bounds inflation: 1009 beyond
                .allowedOrigins("https://app.example.com")          // besides pages of the listener's own origin
                .writeBufferSize(128 * 1024)                        // then writers wait ...
                .writeTimeout(Duration.ofSeconds(10))               // ... this long, then 1008
                .pingInterval(Duration.ofSeconds(30))               // keep-alive pings ...
                .pongTimeout(Duration.ofSeconds(10))                // ... no frame within 10 s: dropped, 1006
                .build());
        // end::service[]
    }

    static ClientConfiguration clientConfiguration(String proxyPassword) {
        // tag::client[]
        var config = ClientConfiguration.builder()
                .webSocketCompressionEnabled(true)                  // the default: offer permessage-deflate
                .pingInterval(Duration.ofSeconds(30))
                .pongTimeout(Duration.ofSeconds(10))
                .writeTimeout(Duration.ofSeconds(10))               // default: none, as the spec says
                .proxy(ProxyConfig.of("proxy.internal", 3128).withCredentials("app", proxyPassword))
                .build();
        // end::client[]
        return config;
    }

    // tag::push-service[]
    public static class QuoteFeed implements Service {
        private final Consumer<String> quotes;

        public QuoteFeed(Consumer<String> quotes) {
            this.quotes = quotes;
        }

        public String onOpen(Caller caller) {                       // returned values go to the server
            return "ACME";
        }

        public void onTextMessage(String quote) {                   // every message the server sends
            quotes.accept(quote);
        }

        public void onClose(int statusCode, String reason) {        // once, last
            quotes.accept("closed " + statusCode);
        }
    }
    // end::push-service[]

    static Client pushClient(String url, Consumer<String> quotes) {
        // tag::push-client[]
        Client feed = Client.connect(url, ClientConfiguration.DEFAULT, new QuoteFeed(quotes));
        feed.writeTextMessage("GLOBEX");                            // read* would throw IllegalStateException
        // end::push-client[]
        return feed;
    }
}
