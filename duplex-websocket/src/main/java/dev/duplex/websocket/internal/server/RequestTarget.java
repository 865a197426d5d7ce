package dev.duplex.websocket.internal.server;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The request target of an HTTP request line (RFC 9112 §3.2), as routing needs it: reduced to origin form and split
 * into percent-decoded path segments.
 *
 * <p>Thread safety: stateless.
 */
final class RequestTarget {
    private RequestTarget() {
    }

    /**
     * The path and query of a request target: an absolute-form target ({@code http://host/path?q}) is reduced to
     * {@code /path?q}, as RFC 6455 §4.2.1 and RFC 9112 §3.2.2 ask a server to accept it.
     */
    static String originForm(String target) {
        int schemeEnd = target.indexOf("://");
        if (schemeEnd <= 0 || target.startsWith("/")) {
            return target;
        }
        String scheme = target.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") && !scheme.equals("ws") && !scheme.equals("wss")) {
            return target;
        }
        int authorityEnd = schemeEnd + 3;
        while (authorityEnd < target.length() && "/?#".indexOf(target.charAt(authorityEnd)) < 0) {
            authorityEnd++;
        }
        String rest = target.substring(authorityEnd);
        return rest.startsWith("/") ? rest : "/" + rest;
    }

    /**
     * The percent-decoded segments of a target's path (its query left out).
     *
     * @throws IllegalArgumentException when the path is malformed (a bad percent escape)
     */
    static List<String> segments(String target) {
        String rawPath = target;
        int q = rawPath.indexOf('?');
        if (q >= 0) {
            rawPath = rawPath.substring(0, q);
        }
        // Matrix parameters (";a=4") are stripped from each segment before it is decoded and matched.
        return PathTemplate.decodedSegments(rawPath);
    }

    /** {@link #segments}, or {@code null} when the path is malformed. */
    static List<String> segmentsOrNull(String target) {
        try {
            return segments(target);
        } catch (IllegalArgumentException malformed) {
            return null;
        }
    }
}
