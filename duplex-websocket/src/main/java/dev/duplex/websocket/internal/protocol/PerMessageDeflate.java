package dev.duplex.websocket.internal.protocol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Negotiation of the permessage-deflate extension (RFC 7692 §5, §7.1): the client's offer, the server's choice among
 * offers, and the client's check of the server's answer.
 *
 * <p>The JDK's deflater always uses a 32 KiB window. When the peer limits this end's window
 * ({@code server_max_window_bits} for a server, {@code client_max_window_bits} for a client) below 15, this end
 * still agrees, and then compresses only messages no longer than that window, each with a fresh context, so no
 * back-reference can reach beyond it (§7.1.2.1 allows an endpoint to send any message uncompressed, and to drop
 * its own context at any time). Inflating accepts any window.
 *
 * <p>Thread safety: stateless.
 */
public final class PerMessageDeflate {
    public static final String NAME = "permessage-deflate";
    static final String SERVER_NO_CONTEXT_TAKEOVER = "server_no_context_takeover";
    static final String CLIENT_NO_CONTEXT_TAKEOVER = "client_no_context_takeover";
    static final String SERVER_MAX_WINDOW_BITS = "server_max_window_bits";
    static final String CLIENT_MAX_WINDOW_BITS = "client_max_window_bits";
    public static final int MAX_WINDOW_BITS = 15;
    public static final int MIN_WINDOW_BITS = 8;

    private PerMessageDeflate() {
    }

    /**
     * The parameters both ends agreed.
     *
     * @param serverNoContextTakeover the server resets its compression context after each message
     * @param clientNoContextTakeover the client resets its compression context after each message
     * @param serverMaxWindowBits     the server compresses with at most this LZ77 window (bits)
     * @param clientMaxWindowBits     the client compresses with at most this LZ77 window (bits)
     */
    public record Agreement(boolean serverNoContextTakeover, boolean clientNoContextTakeover,
                            int serverMaxWindowBits, int clientMaxWindowBits) {

        /** The header value that states this agreement (the server's response). */
        public String header() {
            StringBuilder value = new StringBuilder(NAME);
            if (serverNoContextTakeover) {
                value.append("; ").append(SERVER_NO_CONTEXT_TAKEOVER);
            }
            if (clientNoContextTakeover) {
                value.append("; ").append(CLIENT_NO_CONTEXT_TAKEOVER);
            }
            if (serverMaxWindowBits < MAX_WINDOW_BITS) {
                value.append("; ").append(SERVER_MAX_WINDOW_BITS).append('=').append(serverMaxWindowBits);
            }
            if (clientMaxWindowBits < MAX_WINDOW_BITS) {
                value.append("; ").append(CLIENT_MAX_WINDOW_BITS).append('=').append(clientMaxWindowBits);
            }
            return value.toString();
        }
    }

    /** What this end wants, beyond the defaults; both ends keep their context unless asked otherwise. */
    public record Preferences(boolean serverNoContextTakeover, boolean clientNoContextTakeover) {
        public static final Preferences DEFAULT = new Preferences(false, false);
    }

    /** One extension offer: its name and parameters (a parameter without a value maps to {@code null}). */
    record Offer(String name, Map<String, String> parameters) {
    }

    /** Parses {@code Sec-WebSocket-Extensions} values into offers, in order. */
    static List<Offer> parse(List<String> headerValues) {
        List<Offer> offers = new ArrayList<>();
        for (String value : headerValues) {
            for (String extension : splitOutsideQuotes(value, ',')) {
                List<String> parts = splitOutsideQuotes(extension, ';');
                if (parts.isEmpty() || parts.get(0).isBlank()) {
                    continue;
                }
                Map<String, String> parameters = new LinkedHashMap<>();
                for (String parameter : parts.subList(1, parts.size())) {
                    int equals = parameter.indexOf('=');
                    String key = (equals < 0 ? parameter : parameter.substring(0, equals)).trim()
                            .toLowerCase(Locale.ROOT);
                    String raw = equals < 0 ? null : parameter.substring(equals + 1).trim();
                    if (raw != null && raw.length() >= 2 && raw.startsWith("\"") && raw.endsWith("\"")) {
                        raw = raw.substring(1, raw.length() - 1);
                    }
                    if (key.isEmpty()) {
                        continue;
                    }
                    if (parameters.containsKey(key)) {
                        parameters.put("\u0000duplicate", key);
                    }
                    parameters.put(key, raw);
                }
                offers.add(new Offer(parts.get(0).trim().toLowerCase(Locale.ROOT), parameters));
            }
        }
        return offers;
    }

    private static List<String> splitOutsideQuotes(String text, char separator) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (char c : text.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == separator && !quoted) {
                parts.add(current.toString().trim());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString().trim());
        return parts;
    }

    /**
     * The server's choice: the first permessage-deflate offer it can accept (RFC 7692 §5.1), or {@code null} when
     * none (then the response carries no extension).
     */
    public static Agreement accept(List<String> offerHeaders, Preferences preferences) {
        if (offerHeaders.isEmpty()) {
            // Most handshakes offer no extension: nothing to parse.
            return null;
        }
        for (Offer offer : parse(offerHeaders)) {
            if (!offer.name().equals(NAME)) {
                continue;
            }
            Agreement agreement = acceptOne(offer.parameters(), preferences);
            if (agreement != null) {
                return agreement;
            }
        }
        return null;
    }

    private static Agreement acceptOne(Map<String, String> parameters, Preferences preferences) {
        boolean serverNoContext = preferences.serverNoContextTakeover();
        boolean clientNoContext = preferences.clientNoContextTakeover();
        int serverBits = MAX_WINDOW_BITS;
        int clientBits = MAX_WINDOW_BITS;
        for (var entry : parameters.entrySet()) {
            String value = entry.getValue();
            switch (entry.getKey()) {
                case SERVER_NO_CONTEXT_TAKEOVER -> {
                    if (value != null) {
                        return null;
                    }
                    serverNoContext = true;
                }
                case CLIENT_NO_CONTEXT_TAKEOVER -> {
                    if (value != null) {
                        return null;
                    }
                    clientNoContext = true;
                }
                case SERVER_MAX_WINDOW_BITS -> {
                    Integer bits = windowBits(value);
                    if (bits == null) {
                        return null;
                    }
                    serverBits = bits;
                }
                case CLIENT_MAX_WINDOW_BITS -> {
                    if (value != null) {
                        Integer bits = windowBits(value);
                        if (bits == null) {
                            return null;
                        }
                        // The client announces the window it will use; the server may not ask for more.
                        clientBits = bits;
                    }
                }
                default -> {
                    return null;
                }
            }
        }
        return new Agreement(serverNoContext, clientNoContext, serverBits, clientBits);
    }

    private static Integer windowBits(String value) {
        if (value == null || !value.matches("[0-9]{1,2}")) {
            return null;
        }
        int bits = Integer.parseInt(value);
        return bits < MIN_WINDOW_BITS || bits > MAX_WINDOW_BITS ? null : bits;
    }

    /** The client's offer: permessage-deflate, allowing the server to limit the client's window. */
    public static String offer(Preferences preferences) {
        StringBuilder value = new StringBuilder(NAME);
        if (preferences.serverNoContextTakeover()) {
            value.append("; ").append(SERVER_NO_CONTEXT_TAKEOVER);
        }
        if (preferences.clientNoContextTakeover()) {
            value.append("; ").append(CLIENT_NO_CONTEXT_TAKEOVER);
        }
        value.append("; ").append(CLIENT_MAX_WINDOW_BITS);
        return value.toString();
    }

    /**
     * The client's check of the server's answer (RFC 7692 §5.1 client rules).
     *
     * @return the agreement, or {@code null} when the server agreed to no extension
     * @throws IllegalArgumentException naming what is wrong: an extension the client did not offer, an invalid or
     *                                  repeated parameter
     */
    public static Agreement confirm(List<String> responseHeaders, Preferences offered) {
        List<Offer> answers = parse(responseHeaders);
        if (answers.isEmpty()) {
            return null;
        }
        if (answers.size() > 1) {
            throw new IllegalArgumentException("the server agreed to more than one extension: " + responseHeaders);
        }
        Offer answer = answers.get(0);
        if (!answer.name().equals(NAME)) {
            throw new IllegalArgumentException("the server agreed to an extension this client did not offer: "
                    + answer.name());
        }
        if (answer.parameters().containsKey("\u0000duplicate")) {
            throw new IllegalArgumentException("the server repeated the permessage-deflate parameter "
                    + answer.parameters().get("\u0000duplicate"));
        }
        boolean serverNoContext = false;
        boolean clientNoContext = offered.clientNoContextTakeover();
        int serverBits = MAX_WINDOW_BITS;
        int clientBits = MAX_WINDOW_BITS;
        for (var entry : answer.parameters().entrySet()) {
            String value = entry.getValue();
            switch (entry.getKey()) {
                case SERVER_NO_CONTEXT_TAKEOVER -> serverNoContext = true;
                case CLIENT_NO_CONTEXT_TAKEOVER -> clientNoContext = true;
                case SERVER_MAX_WINDOW_BITS -> {
                    Integer bits = windowBits(value);
                    if (bits == null) {
                        throw new IllegalArgumentException("invalid server_max_window_bits: " + value);
                    }
                    serverBits = bits;
                }
                case CLIENT_MAX_WINDOW_BITS -> {
                    Integer bits = windowBits(value);
                    if (bits == null) {
                        throw new IllegalArgumentException("invalid client_max_window_bits: " + value);
                    }
                    clientBits = bits;
                }
                default -> throw new IllegalArgumentException("unknown permessage-deflate parameter "
                        + entry.getKey());
            }
        }
        if (offered.serverNoContextTakeover() && !serverNoContext) {
            throw new IllegalArgumentException("the server ignored server_no_context_takeover");
        }
        return new Agreement(serverNoContext, clientNoContext, serverBits, clientBits);
    }
}
