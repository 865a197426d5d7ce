package dev.duplex.websocket.internal.protocol;

/**
 * The syntax of an HTTP header field (RFC 9110 §5.1 and §5.5), checked where an application sets a header — a
 * server's response header, a client's request header — so that a bad one fails in the caller's hands instead of on
 * the event loop when the message is encoded.
 *
 * <ul>
 *   <li>A name is a non-empty token: letters, digits and {@code !#$%&'*+-.^_`|~} (no space, colon or control
 *       character).</li>
 *   <li>A value holds no control character but horizontal tab (so no CR, LF or NUL: nothing can start another
 *       header or end the head) and does not start with a space or tab. The same rule Netty applies when it encodes
 *       the header, so a value accepted here is never refused later.</li>
 * </ul>
 *
 * <p>Thread safety: stateless.
 */
public final class HeaderFieldRules {
    private static final String TOKEN_SYMBOLS = "!#$%&'*+-.^_`|~";

    private HeaderFieldRules() {
    }

    /**
     * Checks one response header (a server's).
     *
     * @param name    the header's name
     * @param value   the header's value
     * @param setter  what set it, for the message, e.g. {@code "UpgradeRequest.addResponseHeader"}
     * @throws IllegalArgumentException naming the header, the offending character and its position, and
     *                                  {@code setter}, when the name or the value breaks the rules above or is
     *                                  {@code null}
     */
    public static void check(String name, String value, String setter) {
        check("response header", name, value, setter);
    }

    /**
     * Checks one request header (a client's upgrade request).
     *
     * @param name   the header's name
     * @param value  the header's value
     * @param setter what set it, for the message, e.g. {@code "ClientConfiguration.customHeaders"}
     * @throws IllegalArgumentException as {@link #check(String, String, String)}
     */
    public static void checkRequest(String name, String value, String setter) {
        check("request header", name, value, setter);
    }

    private static void check(String kind, String name, String value, String setter) {
        checkName(kind, name, setter);
        if (value == null) {
            throw new IllegalArgumentException(kind + " " + name + " has no value (" + setter + ")");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (isControl(c)) {
                throw new IllegalArgumentException(kind + " " + name + ": the value contains "
                        + describe(c) + " at index " + i + "; a header value cannot hold CR, LF, NUL or another "
                        + "control character but tab (" + setter + ")");
            }
            if (i == 0 && (c == ' ' || c == '\t')) {
                throw new IllegalArgumentException(kind + " " + name + ": the value starts with "
                        + describe(c) + "; a header value cannot start with whitespace (" + setter + ")");
            }
        }
    }

    private static void checkName(String kind, String name, String setter) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a " + kind + " needs a name, was "
                    + (name == null ? "null" : "empty") + " (" + setter + ")");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!isTokenChar(c)) {
                throw new IllegalArgumentException(kind + " name \"" + printable(name) + "\" contains "
                        + describe(c) + " at index " + i + "; a header name is a token: letters, digits and "
                        + TOKEN_SYMBOLS + " (" + setter + ")");
            }
        }
    }

    private static boolean isTokenChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || TOKEN_SYMBOLS.indexOf(c) >= 0;
    }

    private static boolean isControl(char c) {
        return c < 0x20 && c != '\t' || c == 0x7F;
    }

    private static String describe(char c) {
        return switch (c) {
            case '\r' -> "CR (0x0D)";
            case '\n' -> "LF (0x0A)";
            case '\0' -> "NUL (0x00)";
            case '\t' -> "a tab (0x09)";
            case ' ' -> "a space (0x20)";
            default -> String.format("the character 0x%02X", (int) c);
        };
    }

    /** {@code text} with control characters shown as {@code \r}, {@code \n}, {@code \0} or {@code \xNN}. */
    private static String printable(String text) {
        StringBuilder shown = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\r' -> shown.append("\\r");
                case '\n' -> shown.append("\\n");
                case '\0' -> shown.append("\\0");
                default -> {
                    if (isControl(c)) {
                        shown.append(String.format("\\x%02X", (int) c));
                    } else {
                        shown.append(c);
                    }
                }
            }
        }
        return shown.toString();
    }
}
