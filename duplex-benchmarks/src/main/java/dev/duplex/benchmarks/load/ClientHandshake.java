package dev.duplex.benchmarks.load;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The client's side of the opening handshake (RFC 6455 §4.1), written independently of the library: the upgrade
 * request, and the check of the server's response (status 101, {@code Sec-WebSocket-Accept} matching the key).
 * Used by the scenarios that open many connections ({@link HandshakeGenerator}, {@link IdleConnections}) and by the
 * fan-out generator.
 *
 * <p>Stateless, thread-safe.
 */
public final class ClientHandshake {
    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final ByteBuf HEADER_END = Unpooled.unreleasableBuffer(
            Unpooled.wrappedBuffer(new byte[] {'\r', '\n', '\r', '\n'}).asReadOnly());
    /** A response whose header has not ended within this many bytes is refused. */
    public static final int MAX_RESPONSE_HEADER = 8192;

    private ClientHandshake() {
    }

    /** A fresh random {@code Sec-WebSocket-Key}. */
    public static String newKey() {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        return Base64.getEncoder().encodeToString(nonce);
    }

    /** The upgrade request for {@code path} on {@code host:port} with {@code key}. */
    public static ByteBuf request(String host, int port, String path, String key) {
        String request = "GET " + path + " HTTP/1.1\r\n"
                + "Host: " + host + ":" + port + "\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n";
        return Unpooled.copiedBuffer(request, StandardCharsets.US_ASCII);
    }

    /** Where the response header in {@code received} ends (index of the blank line's CR), or -1 if not yet. */
    public static int headerEnd(ByteBuf received) {
        return ByteBufUtil.indexOf(HEADER_END.duplicate(), received);
    }

    /** Bytes from the start of a response to just past its header, given {@link #headerEnd}. */
    public static int headerLength(int headerEnd) {
        return headerEnd + 4;
    }

    /** Why {@code response} (the header, without the blank line) does not accept the upgrade, or {@code null}. */
    public static String problem(String response, String key) {
        if (!response.startsWith("HTTP/1.1 101")) {
            return "upgrade refused: " + response.lines().findFirst().orElse("");
        }
        String expected = acceptFor(key);
        boolean accepted = response.lines()
                .anyMatch(line -> line.regionMatches(true, 0, "Sec-WebSocket-Accept:", 0, 21)
                        && line.substring(21).trim().equals(expected));
        return accepted ? null : "Sec-WebSocket-Accept missing or wrong in: " + response;
    }

    static String acceptFor(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1")
                    .digest((key + ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A masked close frame with status 1000, as a client sends it. */
    public static ByteBuf closeFrame() {
        byte[] code = {(byte) (1000 >> 8), (byte) (1000 & 0xFF)};
        return Unpooled.wrappedBuffer(ClientFrames.encode(ClientFrames.OPCODE_CLOSE, true, code,
                ThreadLocalRandom.current().nextInt()));
    }
}
