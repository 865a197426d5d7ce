package dev.duplex.websocket.internal.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A parsed {@code ws://} or {@code wss://} URL (RFC 6455 §3): where to connect and what to put in the request line
 * and the {@code Host} header. Default ports are 80 and 443; IPv6 literals keep their brackets in {@code Host}.
 *
 * @param url           the URL as given
 * @param secure        {@code true} for {@code wss}
 * @param host          the host to connect to, without brackets
 * @param port          the port to connect to
 * @param hostHeader    the {@code Host} header value
 * @param requestTarget the path and query for the request line ({@code /} when the URL has no path)
 */
public record WebSocketUrl(String url, boolean secure, String host, int port, String hostHeader,
                           String requestTarget) {

    /**
     * Parses {@code url}.
     *
     * @throws IllegalArgumentException naming the URL when it is malformed, not {@code ws}/{@code wss}, has no host,
     *                                  or has a fragment
     */
    public static WebSocketUrl parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("Malformed URL: the WebSocket URL is empty");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Malformed URL '" + url + "': " + e.getMessage(), e);
        }
        String scheme = uri.getScheme();
        if (scheme == null) {
            throw new IllegalArgumentException("Malformed URL '" + url + "': no scheme; use ws:// or wss://");
        }
        scheme = scheme.toLowerCase(Locale.ROOT);
        if (!scheme.equals("ws") && !scheme.equals("wss")) {
            throw new IllegalArgumentException("Unsupported scheme '" + scheme + "' in URL '" + url
                    + "'; use ws:// or wss://");
        }
        if (uri.getRawFragment() != null) {
            throw new IllegalArgumentException("Malformed URL '" + url + "': a WebSocket URL cannot have a fragment");
        }
        String host = uri.getHost();
        int explicitPort = uri.getPort();
        if (host == null && uri.getRawAuthority() != null) {
            // java.net.URI gives no host for names it does not accept as server names, such as "chat_server"
            // (common for containers); read the authority ourselves.
            String authority = uri.getRawAuthority();
            authority = authority.substring(authority.lastIndexOf('@') + 1);
            int colon = authority.lastIndexOf(':');
            host = colon < 0 ? authority : authority.substring(0, colon);
            explicitPort = colon < 0 ? -1 : parsePort(url, authority.substring(colon + 1));
        }
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("Malformed URL '" + url + "': no host");
        }
        boolean secure = scheme.equals("wss");
        int defaultPort = secure ? 443 : 80;
        int port = explicitPort == -1 ? defaultPort : explicitPort;
        String bareHost = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        String hostHeader = port == defaultPort ? host : host + ":" + port;
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String target = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        return new WebSocketUrl(url, secure, bareHost, port, hostHeader, target);
    }

    private static int parsePort(String url, String port) {
        try {
            int value = Integer.parseInt(port);
            if (value >= 0 && value <= 65535) {
                return value;
            }
        } catch (NumberFormatException notANumber) {
            // Reported below.
        }
        throw new IllegalArgumentException("Malformed URL '" + url + "': port '" + port + "' is not in 0-65535");
    }
}
