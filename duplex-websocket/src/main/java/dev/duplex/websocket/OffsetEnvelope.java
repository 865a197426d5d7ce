package dev.duplex.websocket;

/**
 * How a member of a group with history learns each message's offset: the envelope wraps the message once per node
 * before it is sent to that node's members (and when it is replayed by {@link Group#resume}). The client keeps the
 * last offset it saw and sends it back when it reconnects.
 *
 * <p>{@link #JSON}, the default, wraps a text message {@code m} as {@code {"offset":"<offset>","text":"<m as a JSON
 * string>"}} and leaves binary messages as they are. {@link #NONE} leaves every message as it is (the application
 * then carries offsets itself, or does not resume).
 *
 * <p>Thread safety: implementations must be safe from any thread; they run on the broadcasting thread or the broker's.
 */
public interface OffsetEnvelope {
    /** Leaves messages as they are. */
    OffsetEnvelope NONE = (offset, text) -> text;

    /** {@code {"offset":"<offset>","text":"<text as a JSON string>"}}; binary messages as they are. */
    OffsetEnvelope JSON = (offset, text) -> "{\"offset\":" + jsonString(offset) + ",\"text\":" + jsonString(text)
            + "}";

    /**
     * The text to send for a text message with {@code offset}.
     *
     * @param offset the message's offset in its group
     * @param text   the message
     * @return what the members receive
     */
    String text(String offset, String text);

    /**
     * The bytes to send for a binary message with {@code offset}; by default the message as it is.
     *
     * @param offset the message's offset in its group
     * @param data   the message (not to be changed)
     * @return what the members receive
     */
    default byte[] binary(String offset, byte[] data) {
        return data;
    }

    /**
     * {@code value} as a JSON string literal (RFC 8259 §7), quotes included.
     *
     * @param value any text
     * @return the quoted, escaped text
     */
    static String jsonString(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
