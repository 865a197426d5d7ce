package dev.duplex.websocket.auth;

import java.util.Objects;

/**
 * Where else a bearer token may come from, besides {@code Authorization: Bearer} (always read first). Browsers cannot
 * set headers on a WebSocket upgrade, so a page must put its token elsewhere; each source is an opt-in with a cost:
 *
 * <ul>
 *   <li>{@link QueryParameter}: {@code wss://host/ws?access_token=…}. The token is part of the URL, and URLs end up
 *       in access logs, proxy logs and browser history. Use short-lived tokens, and only over {@code wss}.</li>
 *   <li>{@link Cookie}: sent by the browser with every request to the host, including upgrades started by other
 *       sites (cross-site WebSocket hijacking). The service's origin policy refuses those with 403 before any
 *       authenticator runs, so list only trusted sites in {@code WsServiceConfig.allowedOrigins} (never
 *       {@code "*"}), and set the cookie {@code HttpOnly; Secure; SameSite=Strict}.</li>
 *   <li>{@link SubProtocol}: {@code new WebSocket(url, ["chat", "bearer.<token>"])}: an entry of
 *       {@code Sec-WebSocket-Protocol} that starts with the prefix carries the token. It is a header, so it stays
 *       out of URLs, but proxies may log it. The service must list a real sub-protocol (e.g. {@code chat}) to
 *       choose, since a browser refuses a 101 that selects none of those it offered; do not use {@code "*"}, which
 *       would echo the token back. The token must consist of token characters (RFC 7230 §3.2.6), as a JWT does.</li>
 * </ul>
 *
 * <p>Thread safety: immutable.
 */
public sealed interface BearerTokenSource {
    /** The query parameter {@code name}, e.g. {@code access_token} (RFC 6750 §2.3 names this one). */
    static BearerTokenSource queryParameter(String name) {
        return new QueryParameter(name);
    }

    /** The cookie {@code name}. */
    static BearerTokenSource cookie(String name) {
        return new Cookie(name);
    }

    /** The {@code Sec-WebSocket-Protocol} entry that starts with {@code prefix}, e.g. {@code bearer.}. */
    static BearerTokenSource subProtocol(String prefix) {
        return new SubProtocol(prefix);
    }

    /** @param name the query parameter */
    record QueryParameter(String name) implements BearerTokenSource {
        public QueryParameter {
            requireNonBlank(name, "query parameter name");
        }
    }

    /** @param name the cookie */
    record Cookie(String name) implements BearerTokenSource {
        public Cookie {
            requireNonBlank(name, "cookie name");
        }
    }

    /** @param prefix what the carrying entry starts with; the rest of the entry is the token */
    record SubProtocol(String prefix) implements BearerTokenSource {
        public SubProtocol {
            requireNonBlank(prefix, "sub-protocol prefix");
        }
    }

    private static void requireNonBlank(String value, String what) {
        Objects.requireNonNull(value, what + " must not be null");
        if (value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
    }
}
