package dev.duplex.websocket.internal.protocol;

import java.nio.charset.StandardCharsets;

/** Which close codes may be sent and received (RFC 6455 §7.4). */
public final class CloseCodes {
    private CloseCodes() {
    }

    /**
     * Whether an endpoint may put {@code code} in a close frame it sends: the codes the spec's {@code close} accepts,
     * 1000–1003, 1007–1011 and 3000–4999.
     */
    public static boolean isSendable(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1011) || (code >= 3000 && code <= 4999);
    }

    /**
     * Whether a received close frame may carry {@code code}: the defined codes (1000–1003, 1007–1014, as registered
     * with IANA) and the ranges for libraries and applications (3000–4999). Anything else is a protocol error.
     */
    public static boolean isReceivable(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
    }

    /** @throws IllegalArgumentException when {@code reason} does not fit in a close frame */
    public static void checkReasonLength(String reason) {
        int bytes = reason.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > WebSocketProtocol.CLOSE_REASON_MAX_BYTES) {
            throw new IllegalArgumentException("close reason of " + bytes + " bytes exceeds the "
                    + WebSocketProtocol.CLOSE_REASON_MAX_BYTES + " bytes a close frame can carry");
        }
    }

    /**
     * {@code reason} cut so that its UTF-8 form fits in a close frame, never inside a character; used for reasons the
     * library composes (an error message), not for reasons a user passes.
     */
    public static String truncateReason(String reason) {
        byte[] bytes = reason.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= WebSocketProtocol.CLOSE_REASON_MAX_BYTES) {
            return reason;
        }
        int end = WebSocketProtocol.CLOSE_REASON_MAX_BYTES - 3;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8) + "...";
    }
}
