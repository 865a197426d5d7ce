package dev.duplex.websocket.internal.server;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/**
 * Which browser origins may open a connection to a service (RFC 6455 §10.2, §4.2.2 item 4; RFC 6454): a defence
 * against cross-site WebSocket hijacking, where a page on another site opens a connection that carries the user's
 * cookies.
 *
 * <p>A request passes when it has no {@code Origin} header (not a browser), when its origin is the server's own
 * (the origin's host and port equal the {@code Host} header's; a {@code Host} without a port matches the origin's
 * default port, so a page served over TLS by a proxy that forwards plain HTTP still counts), or when the origin is on
 * the service's allow-list ({@code WsServiceConfig.allowedOrigins}: exact {@code scheme://host[:port]} entries,
 * {@code "*"} for any origin, {@code "null"} for opaque origins such as sandboxed frames). Anything else is refused
 * with 403.
 *
 * <p>Thread safety: stateless.
 */
public final class OriginPolicy {
    /** The allow-list entry that admits every origin. */
    public static final String ANY = "*";
    /** The serialisation of an opaque origin (RFC 6454 §6.2). */
    public static final String OPAQUE = "null";

    private OriginPolicy() {
    }

    /**
     * The canonical form of an allow-list entry or an {@code Origin} value: scheme and host in lower case, the
     * scheme's default port left out.
     *
     * @throws IllegalArgumentException when it is not {@code scheme://host[:port]} (no path, query, user or fragment)
     */
    public static String canonical(String origin) {
        if (origin.equals(ANY) || origin.equals(OPAQUE)) {
            return origin;
        }
        URI uri;
        try {
            uri = new URI(origin);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + origin + "' is not an origin (scheme://host[:port]): "
                    + e.getMessage(), e);
        }
        if (uri.getScheme() == null || uri.getHost() == null || uri.getRawUserInfo() != null
                || (uri.getRawPath() != null && !uri.getRawPath().isEmpty()) || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("'" + origin + "' is not an origin: expected scheme://host[:port]"
                    + " with nothing after the port, e.g. https://app.example.com");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        return port == -1 || port == defaultPort(scheme) ? scheme + "://" + host : scheme + "://" + host + ":" + port;
    }

    private static int defaultPort(String scheme) {
        return switch (scheme) {
            case "https", "wss" -> 443;
            case "http", "ws" -> 80;
            default -> -1;
        };
    }

    /**
     * Why a request from {@code origin} is refused, or {@code null} when it may go on.
     *
     * @param origin  the request's {@code Origin} header, or {@code null}
     * @param host    the request's {@code Host} header
     * @param secure  whether the request came over TLS (the {@code Host} header's default port)
     * @param allowed the service's allow-list, canonical (see {@link #canonical})
     */
    public static String refusal(String origin, String host, boolean secure, List<String> allowed) {
        if (origin == null) {
            return null;
        }
        String trimmed = origin.trim();
        if (allowed.contains(ANY)) {
            return null;
        }
        if (trimmed.equals(OPAQUE)) {
            return allowed.contains(OPAQUE) ? null
                    : "an opaque origin (Origin: null) is not allowed (WsServiceConfig.allowedOrigins)";
        }
        String canonical;
        try {
            canonical = canonical(trimmed);
        } catch (IllegalArgumentException malformed) {
            return "malformed Origin header '" + trimmed + "'";
        }
        if (allowed.contains(canonical) || sameOrigin(canonical, host, secure)) {
            return null;
        }
        return "origin " + canonical + " is not allowed: it is not this server's (" + host
                + ") and not in WsServiceConfig.allowedOrigins";
    }

    /**
     * Whether the origin's host and port are those the {@code Host} header names. A {@code Host} without a port
     * stands for the default port of whichever scheme the page used: behind a TLS-terminating proxy this server sees
     * plain HTTP while the page is {@code https}.
     */
    private static boolean sameOrigin(String canonicalOrigin, String host, boolean secure) {
        if (host == null || host.isBlank()) {
            return false;
        }
        URI origin = URI.create(canonicalOrigin);
        int originPort = origin.getPort() == -1 ? defaultPort(origin.getScheme()) : origin.getPort();
        String hostName;
        int hostPort;
        try {
            URI authority = new URI("//" + host.trim());
            if (authority.getHost() == null) {
                return false;
            }
            hostName = authority.getHost().toLowerCase(Locale.ROOT);
            hostPort = authority.getPort() == -1 ? (secure ? 443 : defaultPort(origin.getScheme()))
                    : authority.getPort();
        } catch (URISyntaxException malformed) {
            return false;
        }
        return hostName.equals(origin.getHost()) && hostPort == originPort;
    }
}
