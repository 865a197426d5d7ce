package dev.duplex.websocket.internal.protocol;

/**
 * Protocol constants of RFC 6455, in one place.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-------+-+-------------+-------------------------------+
 * |F|R|R|R| opcode|M| Payload len |    Extended payload length    |
 * |I|S|S|S|  (4)  |A|     (7)     |             (16/64)           |
 * |N|V|V|V|       |S|             |   (if payload len==126/127)   |
 * | |1|2|3|       |K|             |                               |
 * +-+-+-+-+-------+-+-------------+ - - - - - - - - - - - - - - - +
 * |     Extended payload length continued, if payload len == 127  |
 * + - - - - - - - - - - - - - - - +-------------------------------+
 * |                               |Masking-key, if MASK set to 1  |
 * +-------------------------------+-------------------------------+
 * | Masking-key (continued)       |          Payload Data         |
 * +-------------------------------- - - - - - - - - - - - - - - - +
 * </pre>
 * (RFC 6455 §5.2)
 */
public final class WebSocketProtocol {
    private WebSocketProtocol() {
    }

    /** The GUID appended to {@code Sec-WebSocket-Key} to make {@code Sec-WebSocket-Accept} (RFC 6455 §1.3). */
    public static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    /** The only protocol version this implementation speaks (RFC 6455 §4.1). */
    public static final String VERSION = "13";

    public static final int B0_FLAG_FIN = 0b1000_0000;
    public static final int B0_FLAG_RSV1 = 0b0100_0000;
    public static final int B0_FLAG_RSV2 = 0b0010_0000;
    public static final int B0_FLAG_RSV3 = 0b0001_0000;
    public static final int B0_MASK_OPCODE = 0b0000_1111;
    public static final int B1_FLAG_MASK = 0b1000_0000;
    public static final int B1_MASK_LENGTH = 0b0111_1111;

    public static final int OPCODE_CONTINUATION = 0x0;
    public static final int OPCODE_TEXT = 0x1;
    public static final int OPCODE_BINARY = 0x2;
    public static final int OPCODE_CLOSE = 0x8;
    public static final int OPCODE_PING = 0x9;
    public static final int OPCODE_PONG = 0xA;
    /** Opcodes 8 and above are control frames (RFC 6455 §5.5). */
    public static final int OPCODE_FLAG_CONTROL = 0b0000_1000;

    /** Control frame payloads are at most 125 bytes (RFC 6455 §5.5). */
    public static final int PAYLOAD_CONTROL_MAX = 125;
    /** A close reason fits in a control frame after the two-byte code. */
    public static final int CLOSE_REASON_MAX_BYTES = PAYLOAD_CONTROL_MAX - 2;
    /** Length byte value announcing a 16-bit extended length. */
    public static final int PAYLOAD_SHORT = 126;
    /** Length byte value announcing a 64-bit extended length. */
    public static final int PAYLOAD_LONG = 127;
    /** The largest length that fits in the 7-bit field. */
    public static final int PAYLOAD_BYTE_MAX = 125;
    /** The largest length that fits in the 16-bit extended field. */
    public static final int PAYLOAD_SHORT_MAX = 0xFFFF;
    /** The largest frame header: 2 bytes, 8 bytes of length, 4 bytes of mask. */
    public static final int HEADER_MAX_SIZE = 14;

    public static final int CLOSE_NORMAL = 1000;
    public static final int CLOSE_GOING_AWAY = 1001;
    public static final int CLOSE_PROTOCOL_ERROR = 1002;
    public static final int CLOSE_UNSUPPORTED_DATA = 1003;
    /** Never sent: reported when a close frame carried no code (RFC 6455 §7.1.5). */
    public static final int CLOSE_NO_STATUS = 1005;
    /** Never sent: reported when the connection dropped without a close frame (RFC 6455 §7.1.5). */
    public static final int CLOSE_ABNORMAL = 1006;
    public static final int CLOSE_INVALID_PAYLOAD = 1007;
    public static final int CLOSE_POLICY_VIOLATION = 1008;
    public static final int CLOSE_MESSAGE_TOO_BIG = 1009;
    public static final int CLOSE_INTERNAL_ERROR = 1011;
    /** The server is overloaded or the client too slow; it may reconnect later (IANA registry, RFC 6455 §11.7). */
    public static final int CLOSE_TRY_AGAIN_LATER = 1013;

    /** Whether {@code opcode} is a control opcode. */
    public static boolean isControl(int opcode) {
        return (opcode & OPCODE_FLAG_CONTROL) != 0;
    }

    /** A readable name for an opcode, for error messages. */
    public static String opcodeName(int opcode) {
        return switch (opcode) {
            case OPCODE_CONTINUATION -> "continuation";
            case OPCODE_TEXT -> "text";
            case OPCODE_BINARY -> "binary";
            case OPCODE_CLOSE -> "close";
            case OPCODE_PING -> "ping";
            case OPCODE_PONG -> "pong";
            default -> "opcode 0x" + Integer.toHexString(opcode);
        };
    }
}
