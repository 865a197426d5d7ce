package dev.duplex.websocket.auth.internal;

import dev.duplex.websocket.UpgradeRequest;
import dev.duplex.websocket.auth.BearerTokenSource;
import java.util.List;

/** Finds the bearer token of an upgrade request: {@code Authorization: Bearer} first, then the opted-in sources. */
public final class BearerTokens {
    private BearerTokens() {
    }

    /** The token, or {@code null} when the request carries none this configuration looks for. */
    public static String find(UpgradeRequest request, List<BearerTokenSource> sources) {
        String header = request.header("Authorization");
        if (header != null) {
            String value = header.trim();
            int space = value.indexOf(' ');
            if (space > 0 && value.substring(0, space).equalsIgnoreCase("Bearer")) {
                String token = value.substring(space + 1).trim();
                return token.isEmpty() ? null : token;
            }
        }
        for (BearerTokenSource source : sources) {
            String token = from(request, source);
            if (token != null && !token.isBlank()) {
                return token.trim();
            }
        }
        return null;
    }

    private static String from(UpgradeRequest request, BearerTokenSource source) {
        if (source instanceof BearerTokenSource.QueryParameter query) {
            return request.queryParam(query.name());
        }
        if (source instanceof BearerTokenSource.Cookie cookie) {
            return request.cookies().get(cookie.name());
        }
        BearerTokenSource.SubProtocol subProtocol = (BearerTokenSource.SubProtocol) source;
        for (String offered : request.subProtocols()) {
            if (offered.startsWith(subProtocol.prefix()) && offered.length() > subProtocol.prefix().length()) {
                return offered.substring(subProtocol.prefix().length());
            }
        }
        return null;
    }
}
