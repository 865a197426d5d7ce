package dev.duplex.websocket.testkit;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A deliberately simple WebSocket peer over a plain {@link Socket}, for conformance tests: it writes exactly the bytes
 * a test asks for (bad frames included) and reads frames one by one, so tests can see what the implementation under
 * test really puts on the wire. It validates nothing itself. It plays either end: a client ({@link #connect}) or, with
 * {@link RawServer}, a server ({@link #accepted}, {@link #acceptUpgrade}, {@code sendServer*}).
 *
 * <p>Not thread-safe: one test thread drives it. Every read has a timeout, so a test never hangs.
 */
public final class RawWebSocket implements AutoCloseable {
    /** A frame as read from the wire; {@code payload} is unmasked. */
    public record Frame(boolean fin, int rsv, int opcode, boolean masked, byte[] payload) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** The close code of a close frame, 1005 when it has none. */
        public int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
        }

        /** The close reason of a close frame. */
        public String closeReason() {
            return payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
        }

        /** Readable in assertion failures: the opcode by name, the close code, and the start of the payload. */
        @Override
        public String toString() {
            String shown = opcode == OP_CLOSE ? "code=" + closeCode() + " reason=" + closeReason()
                    : payload.length <= 32 ? "payload=" + HexFormat.ofDelimiter(" ").formatHex(payload)
                    : "payload=" + HexFormat.ofDelimiter(" ").formatHex(payload, 0, 32) + " ...";
            return "Frame[" + opcodeName(opcode) + (fin ? "" : " !fin") + (rsv != 0 ? " rsv=" + rsv : "")
                    + (masked ? " masked" : "") + " length=" + payload.length + " " + shown + "]";
        }
    }

    /** A whole data message as read from the wire, with the frames it came in. */
    public record Message(int opcode, byte[] payload, List<Frame> frames) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "Message[" + opcodeName(opcode) + " length=" + payload.length + " in " + frames.size()
                    + " frame(s)]";
        }
    }

    /** An HTTP response as read from the wire. */
    public record HttpResponse(int status, String statusLine, Map<String, List<String>> headers, String body) {
        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null ? null : values.get(0);
        }
    }

    /** An HTTP request head as read from the wire. */
    public record HttpRequest(String requestLine, Map<String, List<String>> headers) {
        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null ? null : values.get(0);
        }
    }

    public static final int OP_CONTINUATION = 0x0;
    public static final int OP_TEXT = 0x1;
    public static final int OP_BINARY = 0x2;
    public static final int OP_CLOSE = 0x8;
    public static final int OP_PING = 0x9;
    public static final int OP_PONG = 0xA;

    /** A readable name for an opcode. */
    public static String opcodeName(int opcode) {
        return switch (opcode) {
            case OP_CONTINUATION -> "continuation";
            case OP_TEXT -> "text";
            case OP_BINARY -> "binary";
            case OP_CLOSE -> "close";
            case OP_PING -> "ping";
            case OP_PONG -> "pong";
            default -> "opcode 0x" + Integer.toHexString(opcode);
        };
    }

    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private HttpResponse handshakeResponse;

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        socket.setSoTimeout((int) DEFAULT_TIMEOUT.toMillis());
    }

    /** Opens a TCP connection to 127.0.0.1:{@code port} without sending anything. */
    public static RawWebSocket open(int port) throws IOException {
        return open(port, socket -> { });
    }

    /**
     * Opens a TCP connection to 127.0.0.1:{@code port} without sending anything, after {@code beforeConnect} has set
     * socket options that only work before connecting (small buffers for flow-control tests).
     */
    public static RawWebSocket open(int port, SocketOptions beforeConnect) throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        beforeConnect.apply(socket);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        return new RawWebSocket(socket);
    }

    /** Connects and completes a valid handshake for {@code path}; fails unless the answer is 101. */
    public static RawWebSocket connect(int port, String path) throws IOException {
        return connect(port, path, Map.of());
    }

    /** Connects and completes a handshake with extra request headers; fails unless the answer is 101. */
    public static RawWebSocket connect(int port, String path, Map<String, String> extraHeaders) throws IOException {
        return connect(port, path, extraHeaders, socket -> { });
    }

    /** Sets options on a socket before it connects. */
    @FunctionalInterface
    public interface SocketOptions {
        void apply(Socket socket) throws IOException;
    }

    /**
     * Connects with socket options set before the TCP connection is made (e.g. {@code setReceiveBufferSize}), and
     * completes a handshake; fails unless the answer is 101.
     */
    public static RawWebSocket connect(int port, String path, Map<String, String> extraHeaders,
                                       SocketOptions beforeConnect) throws IOException {
        RawWebSocket ws = open(port, beforeConnect);
        String key = Base64.getEncoder().encodeToString(randomBytes(16));
        StringBuilder request = new StringBuilder()
                .append("GET ").append(path).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:").append(port).append("\r\n")
                .append("Upgrade: websocket\r\n")
                .append("Connection: Upgrade\r\n")
                .append("Sec-WebSocket-Key: ").append(key).append("\r\n")
                .append("Sec-WebSocket-Version: 13\r\n");
        extraHeaders.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        request.append("\r\n");
        ws.sendRaw(request.toString().getBytes(StandardCharsets.US_ASCII));
        HttpResponse response = ws.readHttpResponse();
        ws.handshakeResponse = response;
        if (response.status() != 101) {
            ws.close();
            throw new IOException("expected 101, got " + response.statusLine() + " " + response.body());
        }
        String expected = acceptFor(key);
        if (!expected.equals(response.header("Sec-WebSocket-Accept"))) {
            ws.close();
            throw new IOException("bad Sec-WebSocket-Accept " + response.header("Sec-WebSocket-Accept"));
        }
        return ws;
    }

    /**
     * The text of a valid upgrade request for {@code path} with a fresh key, with {@code extraHeaderLines}
     * ({@code "Name: value"}) added, for tests that send it themselves (pipelining, {@link #http}).
     */
    public static String upgradeRequest(int port, String path, String... extraHeaderLines) {
        StringBuilder request = new StringBuilder()
                .append("GET ").append(path).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:").append(port).append("\r\n")
                .append("Upgrade: websocket\r\n")
                .append("Connection: Upgrade\r\n")
                .append("Sec-WebSocket-Key: ").append(Base64.getEncoder().encodeToString(randomBytes(16)))
                .append("\r\n")
                .append("Sec-WebSocket-Version: 13\r\n");
        for (String line : extraHeaderLines) {
            request.append(line).append("\r\n");
        }
        return request.append("\r\n").toString();
    }

    /** Sends {@code request} (a whole HTTP request text) on a new connection and reads the response. */
    public static HttpResponse http(int port, String request) throws IOException {
        try (RawWebSocket raw = open(port)) {
            raw.sendRaw(request.getBytes(StandardCharsets.ISO_8859_1));
            return raw.readHttpResponse();
        }
    }

    /** The 101 response of {@link #connect}. */
    public HttpResponse handshakeResponse() {
        return handshakeResponse;
    }

    public static String acceptFor(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(
                    (key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads an HTTP response head and, when it has a Content-Length, its body. */
    public HttpResponse readHttpResponse() throws IOException {
        String[] lines = readHttpHead("response");
        String statusLine = lines[0];
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, List<String>> headers = parseHeaders(lines);
        String body = "";
        List<String> length = headers.get("content-length");
        if (length != null && status != 101) {
            byte[] content = new byte[Integer.parseInt(length.get(0))];
            in.readFully(content);
            body = new String(content, StandardCharsets.UTF_8);
        }
        return new HttpResponse(status, statusLine, headers, body);
    }

    /** Reads the lines of an HTTP head, up to and without the empty line. */
    private String[] readHttpHead(String what) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] terminator = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed inside the HTTP " + what + " head: "
                        + head.toString(StandardCharsets.ISO_8859_1));
            }
            head.write(b);
            matched = b == terminator[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
    }

    private static Map<String, List<String>> parseHeaders(String[] lines) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        k -> new ArrayList<>()).add(lines[i].substring(colon + 1).trim());
            }
        }
        return headers;
    }

    // ---- playing the server (see RawServer) ----

    /** The server's view of an accepted TCP connection. */
    public static RawWebSocket accepted(Socket socket) throws IOException {
        socket.setTcpNoDelay(true);
        return new RawWebSocket(socket);
    }

    /** Reads an HTTP request head (an upgrade request has no body). */
    public HttpRequest readHttpRequest() throws IOException {
        String[] lines = readHttpHead("request");
        return new HttpRequest(lines[0], parseHeaders(lines));
    }

    /**
     * Reads the client's upgrade request and accepts it with a valid 101 (plus {@code extraHeaders}, e.g. a
     * sub-protocol); returns the request.
     */
    public HttpRequest acceptUpgrade(String... extraHeaders) throws IOException {
        HttpRequest request = readHttpRequest();
        StringBuilder response = new StringBuilder("HTTP/1.1 101 Switching Protocols\r\n")
                .append("Upgrade: websocket\r\n")
                .append("Connection: Upgrade\r\n")
                .append("Sec-WebSocket-Accept: ").append(acceptFor(request.header("Sec-WebSocket-Key")))
                .append("\r\n");
        for (String header : extraHeaders) {
            response.append(header).append("\r\n");
        }
        sendRaw(response.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        return request;
    }

    /** Sends one unmasked frame (as a server must). */
    public void sendServerFrame(boolean fin, int opcode, byte[] payload) throws IOException {
        sendRaw(encodeFrame(fin, 0, opcode, payload, false));
    }

    /** Sends one unmasked final text frame. */
    public void sendServerText(String text) throws IOException {
        sendServerFrame(true, OP_TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends an unmasked close frame with a code and reason. */
    public void sendServerClose(int code, String reason) throws IOException {
        sendServerFrame(true, OP_CLOSE, closePayload(code, reason));
    }

    /** Writes bytes as they are. */
    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Sends one masked frame (as a client must). */
    public void sendFrame(boolean fin, int opcode, byte[] payload) throws IOException {
        sendRaw(encodeFrame(fin, 0, opcode, payload, true));
    }

    /** Sends one masked frame with the 3-bit RSV field set to {@code rsv}. */
    public void sendFrame(boolean fin, int rsv, int opcode, byte[] payload) throws IOException {
        sendRaw(encodeFrame(fin, rsv, opcode, payload, true));
    }

    /**
     * Writes {@code bytes} in pieces of {@code chunkSize}, flushing each, so the peer sees them arrive in many TCP
     * segments (the socket has Nagle's algorithm off).
     */
    public void sendInChunks(byte[] bytes, int chunkSize) throws IOException {
        for (int start = 0; start < bytes.length; start += chunkSize) {
            out.write(bytes, start, Math.min(chunkSize, bytes.length - start));
            out.flush();
        }
    }

    /** Sends one masked ping. */
    public void sendPing(byte[] payload) throws IOException {
        sendFrame(true, OP_PING, payload);
    }

    /** Sends one masked pong. */
    public void sendPong(byte[] payload) throws IOException {
        sendFrame(true, OP_PONG, payload);
    }

    /** Sends one masked final text frame. */
    public void sendText(String text) throws IOException {
        sendFrame(true, OP_TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends one masked final binary frame. */
    public void sendBinary(byte[] data) throws IOException {
        sendFrame(true, OP_BINARY, data);
    }

    /** Sends a masked close frame with a code and reason. */
    public void sendClose(int code, String reason) throws IOException {
        sendFrame(true, OP_CLOSE, closePayload(code, reason));
    }

    /** The payload of a close frame: the code, then the reason in UTF-8. */
    public static byte[] closePayload(int code, String reason) {
        byte[] reasonBytes = reason.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[2 + reasonBytes.length];
        payload[0] = (byte) (code >> 8);
        payload[1] = (byte) code;
        System.arraycopy(reasonBytes, 0, payload, 2, reasonBytes.length);
        return payload;
    }

    /**
     * Encodes a frame with full control over every bit: {@code rsv} is the 3-bit RSV field, {@code mask} chooses
     * whether a (random) masking key is used.
     */
    public static byte[] encodeFrame(boolean fin, int rsv, int opcode, byte[] payload, boolean mask) {
        byte[] key = mask ? randomBytes(4) : null;
        byte[] header = encodeHeader(fin, rsv, opcode, payload.length, key);
        byte[] frame = Arrays.copyOf(header, header.length + payload.length);
        for (int i = 0; i < payload.length; i++) {
            frame[header.length + i] = mask ? (byte) (payload[i] ^ key[i & 3]) : payload[i];
        }
        return frame;
    }

    /**
     * Encodes only a frame header announcing {@code length} payload bytes (any 64-bit value, so bad lengths can be
     * sent too), masked with {@code maskKey} or unmasked when it is {@code null}. The shortest length encoding is
     * used. Tests use it to see whether the peer judges a frame before its payload arrives.
     */
    public static byte[] encodeHeader(boolean fin, int rsv, int opcode, long length, byte[] maskKey) {
        ByteArrayOutputStream header = new ByteArrayOutputStream(14);
        header.write((fin ? 0x80 : 0) | ((rsv & 7) << 4) | (opcode & 0xF));
        int maskBit = maskKey != null ? 0x80 : 0;
        if (length >= 0 && length <= 125) {
            header.write(maskBit | (int) length);
        } else if (length >= 0 && length <= 0xFFFF) {
            header.write(maskBit | 126);
            header.write((int) (length >>> 8));
            header.write((int) length);
        } else {
            header.write(maskBit | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                header.write((int) (length >>> shift));
            }
        }
        if (maskKey != null) {
            header.write(maskKey, 0, 4);
        }
        return header.toByteArray();
    }

    /** Reads the next frame, waiting up to 10 s. @throws EOFException when the peer closed the TCP connection */
    public Frame readFrame() throws IOException {
        return readFrame(DEFAULT_TIMEOUT);
    }

    /** Reads the next frame, waiting up to {@code timeout}. */
    public Frame readFrame(Duration timeout) throws IOException {
        Frame frame = readFrameOrEnd(timeout);
        if (frame == null) {
            throw new EOFException("the peer closed the connection");
        }
        return frame;
    }

    /**
     * Reads one data message, joining its frames; fails on a control frame or a stray continuation, so tests that
     * expect a plain echo see anything else as an error.
     */
    public Message readMessage() throws IOException {
        List<Frame> frames = new ArrayList<>();
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        for (int i = 0; i < 1_000_000; i++) {
            Frame frame = readFrame();
            boolean first = frames.isEmpty();
            boolean expected = first
                    ? frame.opcode() == OP_TEXT || frame.opcode() == OP_BINARY
                    : frame.opcode() == OP_CONTINUATION;
            if (!expected) {
                throw new IOException("expected " + (first ? "a text or binary frame" : "a continuation frame")
                        + " but read " + frame + " after " + frames);
            }
            frames.add(frame);
            payload.writeBytes(frame.payload());
            if (frame.fin()) {
                return new Message(frames.get(0).opcode(), payload.toByteArray(), List.copyOf(frames));
            }
        }
        throw new IOException("no final frame within 1000000 frames");
    }

    /**
     * Reads every frame the peer still sends until it closes the TCP connection (end of stream or reset), waiting up
     * to 10 s. @throws SocketTimeoutException when the connection stays open
     */
    public List<Frame> readFramesUntilTcpClose() throws IOException {
        List<Frame> frames = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            Frame frame;
            try {
                frame = readFrameOrEnd(DEFAULT_TIMEOUT);
            } catch (SocketTimeoutException e) {
                throw new SocketTimeoutException("the peer did not close the TCP connection within "
                        + DEFAULT_TIMEOUT + "; frames so far: " + frames);
            } catch (SocketException reset) {
                return frames;
            }
            if (frame == null) {
                return frames;
            }
            frames.add(frame);
        }
        throw new IOException("the peer sent 10000 frames without closing the connection");
    }

    /** The next frame, or {@code null} when the peer closed the connection between frames. */
    private Frame readFrameOrEnd(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        int b0 = in.read();
        if (b0 < 0) {
            return null;
        }
        int b1 = in.readUnsignedByte();
        long length = b1 & 0x7F;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        boolean masked = (b1 & 0x80) != 0;
        byte[] key = new byte[4];
        if (masked) {
            in.readFully(key);
        }
        if (length > Integer.MAX_VALUE - 8) {
            throw new IOException("frame too long for a test: " + length);
        }
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        if (masked) {
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= key[i & 3];
            }
        }
        return new Frame((b0 & 0x80) != 0, (b0 >> 4) & 7, b0 & 0xF, masked, payload);
    }

    /** Reads frames until a close frame and returns it, skipping data and pings on the way. */
    public Frame readUntilClose() throws IOException {
        for (int i = 0; i < 10_000; i++) {
            Frame frame = readFrame();
            if (frame.opcode() == OP_CLOSE) {
                return frame;
            }
        }
        throw new IOException("no close frame within 10000 frames");
    }

    /**
     * Whether the peer closes the TCP connection within {@code timeout} (reading and discarding anything it still
     * sends).
     */
    public boolean awaitTcpClose(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] sink = new byte[8192];
        while (System.nanoTime() < deadline) {
            long leftMillis = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            socket.setSoTimeout((int) Math.min(leftMillis, Integer.MAX_VALUE));
            try {
                if (in.read(sink) < 0) {
                    return true;
                }
            } catch (SocketTimeoutException e) {
                // Later reads get the default timeout again, not what was left of this one.
                socket.setSoTimeout((int) DEFAULT_TIMEOUT.toMillis());
                return false;
            } catch (IOException reset) {
                return true;
            }
        }
        socket.setSoTimeout((int) DEFAULT_TIMEOUT.toMillis());
        return false;
    }

    /**
     * Whether nothing at all (no byte, no TCP close) arrives within {@code timeout}. A byte that does arrive is
     * consumed, so use it only where anything arriving fails the test.
     */
    public boolean receivesNothingWithin(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        try {
            in.read();
            return false;
        } catch (SocketTimeoutException expected) {
            return true;
        } finally {
            socket.setSoTimeout((int) DEFAULT_TIMEOUT.toMillis());
        }
    }

    public InputStream input() {
        return in;
    }

    public Socket socket() {
        return socket;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    public static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
