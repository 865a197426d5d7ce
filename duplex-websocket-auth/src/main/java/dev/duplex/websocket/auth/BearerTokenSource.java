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
 * <p>The sources are tried in the order they were added, after the header; the first that yields a non-blank token
 * decides.
 *
 * <p>Thread safety: immutable.
 */
public sealed interface BearerTokenSource {
    /**
     * The token in a query parameter.
     *
     * @param name the parameter, e.g. {@code access_token} (RFC 6750 §2.3 names this one); not blank
     * @return the source
     * @throws IllegalArgumentException when {@code name} is blank
     */
    static BearerTokenSource queryParameter(String name) {
        return new QueryParameter(name);
    }

    /**
     * The token in a cookie.
     *
     * @param name the cookie's name; not blank
     * @return the source
     * @throws IllegalArgumentException when {@code name} is blank
     */
    static BearerTokenSource cookie(String name) {
        return new Cookie(name);
    }

    /**
     * The token in the {@code Sec-WebSocket-Protocol} entry that starts with {@code prefix}; the rest of the entry is
     * the token.
     *
     * @param prefix what the carrying entry starts with, e.g. {@code bearer.}; not blank
     * @return the source
     * @throws IllegalArgumentException when {@code prefix} is blank
     */
    static BearerTokenSource subProtocol(String prefix) {
        return new SubProtocol(prefix);
    }

    /**
     * The token in a query parameter; see {@link BearerTokenSource#queryParameter(String)}.
     *
     * <p>Thread safety: immutable.
     *
     * @param name the query parameter
     */
    record QueryParameter(String name) implements BearerTokenSource {
        /**
         * A query parameter source.
         *
         * @param name the query parameter; not blank
         * @throws IllegalArgumentException when {@code name} is blank
         * @throws NullPointerException     when {@code name} is {@code null}
         */
        public QueryParameter {
            requireNonBlank(name, "query parameter name");
        }
    }

    /**
     * The token in a cookie; see {@link BearerTokenSource#cookie(String)}.
     *
     * <p>Thread safety: immutable.
     *
     * @param name the cookie
     */
    record Cookie(String name) implements BearerTokenSource {
        /**
         * A cookie source.
         *
         * @param name the cookie's name; not blank
         * @throws IllegalArgumentException when {@code name} is blank
         * @throws NullPointerException     when {@code name} is {@code null}
         */
        public Cookie {
            requireNonBlank(name, "cookie name");
        }
    }

    /**
     * The token in a {@code Sec-WebSocket-Protocol} entry; see {@link BearerTokenSource#subProtocol(String)}.
     *
     * <p>Thread safety: immutable.
     *
     * @param prefix what the carrying entry starts with; the rest of the entry is the token
     */
    record SubProtocol(String prefix) implements BearerTokenSource {
        /**
         * A sub-protocol source.
         *
         * @param prefix what the carrying entry starts with; not blank
         * @throws IllegalArgumentException when {@code prefix} is blank
         * @throws NullPointerException     when {@code prefix} is {@code null}
         */
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
