package dev.duplex.websocket.redis;

import dev.duplex.websocket.cluster.BrokerMessage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * How a {@link BrokerMessage} travels through Redis, in one byte array (a pub/sub message or a stream entry's one
 * field): a format version, the kind, then the origin node, the excepted connection and the target connection (each as
 * a 4-byte length, {@code -1} for none, and UTF-8), then the payload to the end.
 *
 * <p>Thread safety: stateless.
 */
final class WireMessage {
    private static final byte VERSION = 1;
    private static final int ABSENT = -1;

    /**
     * A message as read back.
     *
     * @param message            the message
     * @param targetConnectionId the connection it is for when sent to one, else {@code null}
     */
    record Decoded(BrokerMessage message, String targetConnectionId) {
    }

    private WireMessage() {
    }

    /** {@code message}, addressed to {@code targetConnectionId} ({@code null} for a group message). */
    static byte[] encode(BrokerMessage message, String targetConnectionId) {
        byte[] origin = utf8(message.originNode());
        byte[] except = utf8(message.exceptConnectionId());
        byte[] target = utf8(targetConnectionId);
        ByteBuffer out = ByteBuffer.allocate(2 + 12 + length(origin) + length(except) + length(target)
                + message.payload().length);
        out.put(VERSION).put((byte) message.kind().ordinal());
        putString(out, origin);
        putString(out, except);
        putString(out, target);
        out.put(message.payload());
        return out.array();
    }

    /**
     * Reads what {@link #encode} wrote.
     *
     * @throws IllegalArgumentException when {@code bytes} is not a message of this format
     */
    static Decoded decode(byte[] bytes) {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            byte version = in.get();
            if (version != VERSION) {
                throw new IllegalArgumentException("broker message format " + version + ", expected " + VERSION);
            }
            BrokerMessage.Kind kind = BrokerMessage.Kind.values()[in.get()];
            String origin = getString(in);
            String except = getString(in);
            String target = getString(in);
            byte[] payload = new byte[in.remaining()];
            in.get(payload);
            return new Decoded(new BrokerMessage(kind, payload, origin, except), target);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a Duplex broker message (" + bytes.length + " bytes)", e);
        }
    }

    private static byte[] utf8(String value) {
        return value == null ? null : value.getBytes(StandardCharsets.UTF_8);
    }

    private static int length(byte[] value) {
        return value == null ? 0 : value.length;
    }

    private static void putString(ByteBuffer out, byte[] value) {
        if (value == null) {
            out.putInt(ABSENT);
        } else {
            out.putInt(value.length).put(value);
        }
    }

    private static String getString(ByteBuffer in) {
        int length = in.getInt();
        if (length == ABSENT) {
            return null;
        }
        byte[] value = new byte[length];
        in.get(value);
        return new String(value, StandardCharsets.UTF_8);
    }
}
