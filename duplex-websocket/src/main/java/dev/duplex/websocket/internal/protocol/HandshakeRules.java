package dev.duplex.websocket.internal.protocol;

import io.netty.util.concurrent.FastThreadLocal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/** The opening handshake's rules (RFC 6455 §4): keys, the accept value, header tokens, sub-protocol choice. */
public final class HandshakeRules {
    private HandshakeRules() {
    }

    private static final byte[] ACCEPT_GUID_BYTES = WebSocketProtocol.ACCEPT_GUID.getBytes(StandardCharsets.US_ASCII);

    /**
     * One SHA-1 digest per thread: looking the algorithm up for each handshake costs more than the hash itself. A
     * digest is reset by {@link MessageDigest#digest()}, and each thread (event loop, worker) uses only its own.
     */
    private static final FastThreadLocal<MessageDigest> SHA1 = new FastThreadLocal<>() {
        @Override
        protected MessageDigest initialValue() {
            try {
                return MessageDigest.getInstance("SHA-1");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-1 is required by every Java platform", e);
            }
        }
    };

    /** {@code Sec-WebSocket-Accept} for a key: base64(SHA-1(key + GUID)) (RFC 6455 §4.2.2). */
    public static String acceptFor(String key) {
        MessageDigest sha1 = SHA1.get();
        sha1.reset();
        sha1.update(key.getBytes(StandardCharsets.US_ASCII));
        sha1.update(ACCEPT_GUID_BYTES);
        return Base64.getEncoder().encodeToString(sha1.digest());
    }

    /** A fresh {@code Sec-WebSocket-Key}: 16 random bytes, base64-encoded (RFC 6455 §4.1). */
    public static String newKey() {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        return Base64.getEncoder().encodeToString(nonce);
    }

    /** Whether {@code key} is base64 of exactly 16 bytes (RFC 6455 §4.2.1 item 5). */
    public static boolean isValidKey(String key) {
        if (key == null || key.length() != 24) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(key).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Whether a comma-separated header value contains {@code token}, ignoring case. */
    public static boolean containsToken(String headerValue, String token) {
        if (headerValue == null) {
            return false;
        }
        // Scans the parts in place: this runs several times for every request, and the usual value is one token.
        int start = 0;
        int length = headerValue.length();
        while (start <= length) {
            int end = headerValue.indexOf(',', start);
            if (end < 0) {
                end = length;
            }
            int from = start;
            int to = end;
            while (from < to && headerValue.charAt(from) <= ' ') {
                from++;
            }
            while (to > from && headerValue.charAt(to - 1) <= ' ') {
                to--;
            }
            if (to - from == token.length() && headerValue.regionMatches(true, from, token, 0, token.length())) {
                return true;
            }
            start = end + 1;
        }
        return false;
    }

    /** The tokens of comma-separated header values, trimmed, empty ones dropped. */
    public static List<String> tokens(List<String> headerValues) {
        List<String> tokens = new ArrayList<>();
        for (String value : headerValues) {
            for (String part : value.split(",")) {
                String token = part.trim();
                if (!token.isEmpty()) {
                    tokens.add(token);
                }
            }
        }
        return tokens;
    }

    /**
     * The sub-protocol to agree: the first of the client's, in the client's order, that the service supports;
     * {@code "*"} in the service's list accepts the client's first. {@code null} when none matches.
     */
    public static String selectSubProtocol(List<String> requested, List<String> supported) {
        for (String candidate : requested) {
            for (String offered : supported) {
                if (offered.equals("*") || offered.equals(candidate)) {
                    return candidate;
                }
            }
        }
        return null;
    }

    /** Lower-case form of a header name, for maps keyed by name. */
    public static String headerKey(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
