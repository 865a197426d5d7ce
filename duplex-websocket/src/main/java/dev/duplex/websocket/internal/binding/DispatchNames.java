package dev.duplex.websocket.internal.binding;

/**
 * The spec's naming rule for custom remote methods (§3.2.2): the words of the dispatcher value, split on spaces,
 * underscores and any other non-word characters, each with its first letter in upper case, after {@code on}:
 * {@code "heartbeat"} → {@code onHeartbeat}, {@code "un subscribe"} → {@code onUnSubscribe},
 * {@code "this_ping message"} → {@code onThisPingMessage}, {@code "connection_init"} → {@code onConnectionInit}.
 */
public final class DispatchNames {
    private DispatchNames() {
    }

    /** The method name for {@code value}, or {@code null} when it has no word characters. */
    public static String methodName(String value) {
        StringBuilder name = new StringBuilder("on");
        boolean startOfWord = true;
        for (int i = 0; i < value.length(); ) {
            int c = value.codePointAt(i);
            i += Character.charCount(c);
            if (!Character.isLetterOrDigit(c)) {
                startOfWord = true;
                continue;
            }
            name.appendCodePoint(startOfWord ? Character.toUpperCase(c) : c);
            startOfWord = false;
        }
        return name.length() == 2 ? null : name.toString();
    }

    /** The error method's name for a method: {@code onHeartbeat} → {@code onHeartbeatError}. */
    public static String errorMethodName(String methodName) {
        return methodName + "Error";
    }
}
