package dev.duplex.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.websocket.testkit.DeflatePeer;
import dev.duplex.websocket.testkit.RawWebSocket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The seeds of the fuzz targets' kept corpus (docs/fuzzing.md), written as code so that each says what it is: valid
 * frames, fragmented and compressed messages, upgrade requests and handshake answers, and a few broken ones. Each
 * seed follows its target's input layout (see the target's class comment). Jazzer replays every file of
 * {@code src/test/resources/<package>/<TestClass>Inputs/<method>/} in every build; this test checks that each seed
 * below is there, byte for byte. Run it with {@code -Dfuzz.writeSeeds=true} to write them after changing a seed or
 * a layout.
 */
class KeptFuzzCorpusTest {
    private static final Path RESOURCES = Path.of("src", "test", "resources");
    private static final byte[] MASK_KEY = {0x37, (byte) 0xfa, 0x21, 0x3d};
    private static final int TEXT = 0x1;
    private static final int BINARY = 0x2;
    private static final int CONTINUATION = 0x0;
    private static final int CLOSE = 0x8;
    private static final int PING = 0x9;
    private static final int PONG = 0xA;

    @Test
    void theKeptCorpusHoldsEverySeedOfTheFrameStreamTarget() throws IOException {
        holdsEverySeed("dev/duplex/websocket/internal/protocol/FrameStreamFuzzTestInputs/"
                + "anyByteStreamYieldsMessagesWithinTheLimitsOrAProtocolViolationAndLeaksNothing", frameStreamSeeds());
    }

    @Test
    void theKeptCorpusHoldsEverySeedOfTheInflaterTarget() throws IOException {
        holdsEverySeed("dev/duplex/websocket/internal/protocol/InflaterFuzzTestInputs/"
                + "anyCompressedInputInflatesWithinTheLimitOrFailsWith1007AndTheFrameSplitDoesNotMatter",
                inflaterSeeds());
    }

    @Test
    void theKeptCorpusHoldsEverySeedOfTheUpgradeRequestTarget() throws IOException {
        holdsEverySeed("dev/duplex/websocket/internal/server/UpgradeRequestFuzzTestInputs/"
                + "anyRequestBytesGetADocumentedAnswerOrAWebSocketAndLeakNothing", upgradeRequestSeeds());
    }

    @Test
    void theKeptCorpusHoldsEverySeedOfTheHandshakeResponseTarget() throws IOException {
        holdsEverySeed("dev/duplex/websocket/internal/client/HandshakeResponseFuzzTestInputs/"
                + "anyResponseBytesOpenTheConnectionOnlyForAValid101AndOtherwiseFailTyped", handshakeResponseSeeds());
    }

    private static void holdsEverySeed(String directory, Map<String, byte[]> seeds) throws IOException {
        Path folder = RESOURCES.resolve(directory);
        if (Boolean.getBoolean("fuzz.writeSeeds")) {
            Files.createDirectories(folder);
            for (var seed : seeds.entrySet()) {
                Files.write(folder.resolve(seed.getKey()), seed.getValue());
            }
        }
        for (var seed : seeds.entrySet()) {
            Path file = folder.resolve(seed.getKey());
            assertThat(file).as("seed %s (write it with -Dfuzz.writeSeeds=true)", seed.getKey()).exists();
            assertThat(Files.readAllBytes(file)).as("seed %s", seed.getKey()).isEqualTo(seed.getValue());
        }
    }

    // ---- FrameStreamFuzzTest: flags, maxFrameSize - 1, maxMessageSize / 4, read size, the stream ----

    private static final int SERVER = 1;
    private static final int DEFLATE = 2;
    private static final int PEER_DROPS_CONTEXT = 4;
    private static final int DIRECT = 8;

    private static Map<String, byte[]> frameStreamSeeds() {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        seeds.put("server-text-binary-ping-pong-close", frameStream(SERVER, 255, 255, 0,
                masked(true, 0, TEXT, utf8("Hello")), masked(true, 0, BINARY, new byte[] {1, 2, 3}),
                masked(true, 0, PING, utf8("ping")), masked(true, 0, PONG, new byte[0]),
                masked(true, 0, CLOSE, RawWebSocket.closePayload(1000, "bye"))));
        seeds.put("server-fragmented-text-with-ping-between-read-bytewise", frameStream(SERVER, 255, 255, 1,
                masked(false, 0, TEXT, utf8("Hel")), masked(true, 0, PING, new byte[0]),
                masked(false, 0, CONTINUATION, utf8("lo \u03ba")), masked(true, 0, CONTINUATION, utf8("\u1f79\u03c3")),
                masked(true, 0, CLOSE, RawWebSocket.closePayload(1001, "\u00e9t\u00e9"))));
        seeds.put("client-16-bit-length-binary-in-reads-of-3", frameStream(0, 255, 255, 3,
                unmasked(true, 0, BINARY, filled(200, (byte) 7)), unmasked(true, 0, TEXT, new byte[0]),
                unmasked(true, 0, CLOSE, new byte[0])));
        DeflatePeer context = new DeflatePeer(false, false);
        byte[] first = context.compress(utf8("Hello Hello Hello Hello"));
        byte[] second = context.compress(utf8("Hello Hello Hello Hello"));
        seeds.put("server-compressed-messages-with-context-takeover", frameStream(SERVER | DEFLATE, 255, 255, 0,
                masked(true, 4, TEXT, first), masked(false, 4, TEXT, slice(second, 0, 2)),
                masked(true, 0, CONTINUATION, slice(second, 2, second.length)),
                masked(true, 0, BINARY, utf8("not compressed"))));
        seeds.put("server-compressed-without-context-direct-reads-of-7", frameStream(
                SERVER | DEFLATE | PEER_DROPS_CONTEXT | DIRECT, 255, 255, 7,
                masked(true, 4, BINARY, compressedAlone(filled(300, (byte) 'a'))),
                masked(true, 4, TEXT, compressedAlone(utf8("fresh context")))));
        seeds.put("client-compressed-bomb-beyond-the-message-limit", frameStream(DEFLATE, 255, 16, 0,
                unmasked(true, 4, BINARY, compressedAlone(filled(4000, (byte) 0)))));
        seeds.put("server-invalid-utf8-across-fragments", frameStream(SERVER, 255, 255, 0,
                masked(false, 0, TEXT, new byte[] {'o', 'k', (byte) 0xE2}),
                masked(true, 0, CONTINUATION, new byte[] {(byte) 0x28, (byte) 0xA1})));
        seeds.put("server-fragments-beyond-the-message-limit", frameStream(SERVER, 31, 4, 2,
                masked(false, 0, BINARY, filled(12, (byte) 1)), masked(true, 0, CONTINUATION, filled(12, (byte) 2))));
        seeds.put("server-unmasked-frame", frameStream(SERVER, 255, 255, 0, unmasked(true, 0, TEXT, utf8("x"))));
        return seeds;
    }

    private static byte[] frameStream(int flags, int maxFrameSizeLess1, int maxMessageSizeQuarter, int readSize,
                                      byte[]... frames) {
        return concat(new byte[] {(byte) flags, (byte) maxFrameSizeLess1, (byte) maxMessageSizeQuarter,
                (byte) readSize}, concat(frames));
    }

    // ---- InflaterFuzzTest: flags, limit in KiB - 1, records of (length | 0x80 when it ends its message, bytes) ----

    private static Map<String, byte[]> inflaterSeeds() {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        DeflatePeer context = new DeflatePeer(false, false);
        byte[] first = context.compress(utf8("the same words, the same words"));
        byte[] second = context.compress(utf8("the same words, the same words"));
        seeds.put("two-messages-with-context-takeover", inflaterInput(0, 0,
                chunk(first, true), chunk(slice(second, 0, 3), false), chunk(slice(second, 3, second.length), true)));
        seeds.put("one-message-in-single-byte-chunks", inflaterInput(1, 0, bytewise(
                compressedAlone(utf8("one byte at a time")))));
        seeds.put("bomb-beyond-a-1-KiB-limit", inflaterInput(1, 0,
                chunks(compressedAlone(filled(64 * 1024, (byte) 0)))));
        seeds.put("not-deflate-data", inflaterInput(0, 0, chunk(new byte[] {(byte) 0xFF, (byte) 0xFF, 0x00}, true)));
        seeds.put("stored-block-then-empty-message", inflaterInput(0, 3,
                chunk(storedBlock(utf8("stored")), true), chunk(new byte[0], true)));
        return seeds;
    }

    private static byte[] inflaterInput(int flags, int limitKibLess1, byte[]... records) {
        return concat(new byte[] {(byte) flags, (byte) limitKibLess1}, concat(records));
    }

    private static byte[] chunk(byte[] bytes, boolean endsMessage) {
        if (bytes.length > 0x7F) {
            throw new IllegalArgumentException("a record carries at most 127 bytes, not " + bytes.length);
        }
        return concat(new byte[] {(byte) (bytes.length | (endsMessage ? 0x80 : 0))}, bytes);
    }

    /** One message: its payload in records of up to 127 bytes, the last one ending it. */
    private static byte[] chunks(byte[] payload) {
        ByteArrayOutputStream records = new ByteArrayOutputStream();
        for (int at = 0; at < payload.length; at += 0x7F) {
            int end = Math.min(payload.length, at + 0x7F);
            records.writeBytes(chunk(slice(payload, at, end), end == payload.length));
        }
        return records.toByteArray();
    }

    private static byte[] bytewise(byte[] payload) {
        ByteArrayOutputStream records = new ByteArrayOutputStream();
        for (int i = 0; i < payload.length; i++) {
            records.writeBytes(chunk(new byte[] {payload[i]}, i == payload.length - 1));
        }
        return records.toByteArray();
    }

    /** A DEFLATE stored (uncompressed) block that is not the last one (RFC 1951 §3.2.4). */
    private static byte[] storedBlock(byte[] data) {
        return concat(new byte[] {0x00, (byte) data.length, (byte) (data.length >> 8), (byte) ~data.length,
                (byte) (~data.length >> 8)}, data);
    }

    // ---- UpgradeRequestFuzzTest: read size, the bytes from the client ----

    private static Map<String, byte[]> upgradeRequestSeeds() {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        String upgrade = "GET /chat/lobby?name=ann&tag=a%20b&tag=c HTTP/1.1\r\n"
                + "Host: 127.0.0.1:9090\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: keep-alive, Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n"
                + "Origin: https://app.example\r\n"
                + "Sec-WebSocket-Protocol: superchat, chat\r\n"
                + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits, x-webkit-deflate-frame\r\n"
                + "Cookie: session=abc; theme=dark\r\n"
                + "\r\n";
        DeflatePeer peer = new DeflatePeer(false, false);
        byte[] frames = concat(masked(true, 0, TEXT, utf8("hello")),
                masked(true, 4, TEXT, peer.compress(utf8("compressed hello"))),
                masked(true, 0, PING, utf8("p")),
                masked(true, 0, CLOSE, RawWebSocket.closePayload(1000, "done")));
        seeds.put("upgrade-then-frames", request(0, upgrade, frames));
        seeds.put("upgrade-then-frames-in-reads-of-5", request(5, upgrade, frames));
        seeds.put("pipelined-404-403-then-upgrade", request(0,
                "GET /nothing HTTP/1.1\r\nHost: h\r\n\r\n"
                        + "GET /refuse HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
                        + upgrade, new byte[0]));
        seeds.put("absolute-form-target", request(0, upgrade.replace("GET /chat/", "GET ws://127.0.0.1:9090/chat/"),
                new byte[0]));
        seeds.put("post-with-a-body", request(0,
                "POST /chat/lobby HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nUpgrade: websocket\r\n\r\nhello",
                new byte[0]));
        seeds.put("body-beyond-the-limit", request(0,
                "GET /chat/lobby HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "300\r\n" + "x".repeat(0x300) + "\r\n0\r\n\r\n", new byte[0]));
        seeds.put("version-8-and-no-key", request(0, upgrade.replace("Version: 13", "Version: 8")
                .replace("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n", ""), new byte[0]));
        seeds.put("http-1.0-foreign-origin", request(0, upgrade.replace("HTTP/1.1", "HTTP/1.0")
                .replace("https://app.example", "https://evil.example"), new byte[0]));
        seeds.put("uri-too-long", request(0, "GET /" + "a".repeat(400) + " HTTP/1.1\r\nHost: h\r\n\r\n",
                new byte[0]));
        seeds.put("headers-too-large", request(0, "GET /chat/x HTTP/1.1\r\nHost: h\r\nX-Big: " + "b".repeat(1100)
                + "\r\n\r\n", new byte[0]));
        seeds.put("malformed-request-line-and-percent-escape", request(0,
                "GET /chat/%zz%GG HTTP/1.1\r\nHost: h\r\n\r\nHELLO\r\n\r\n", new byte[0]));
        return seeds;
    }

    private static byte[] request(int readSize, String head, byte[] after) {
        return concat(new byte[] {(byte) readSize}, head.getBytes(StandardCharsets.ISO_8859_1), after);
    }

    // ---- HandshakeResponseFuzzTest: flags, read size, the bytes from the server ({accept} for the accept value) ----

    private static final int OFFERS_DEFLATE = 1;
    private static final int OFFERS_CHAT = 2;

    private static Map<String, byte[]> handshakeResponseSeeds() {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        String accepted = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: {accept}\r\n";
        seeds.put("accepted", response(0, 0, accepted + "\r\n", new byte[0]));
        DeflatePeer peer = new DeflatePeer(false, false);
        seeds.put("accepted-with-deflate-then-frames", response(OFFERS_DEFLATE, 0, accepted
                        + "Sec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover; "
                        + "client_max_window_bits=10\r\n\r\n",
                concat(unmasked(true, 4, TEXT, peer.compress(utf8("compressed"))), unmasked(true, 0, TEXT,
                        utf8("plain")), unmasked(true, 0, PING, new byte[0]),
                        unmasked(true, 0, CLOSE, RawWebSocket.closePayload(1000, "bye")))));
        seeds.put("accepted-with-sub-protocol-bytewise", response(OFFERS_CHAT, 1, accepted
                + "Sec-WebSocket-Protocol: chat\r\n\r\n", unmasked(true, 0, BINARY, new byte[] {1, 2})));
        seeds.put("wrong-accept", response(0, 0, accepted.replace("{accept}", "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
                + "\r\n", new byte[0]));
        seeds.put("forbidden-with-body", response(0, 0,
                "HTTP/1.1 403 Forbidden\r\nContent-Length: 4\r\nContent-Type: text/plain\r\n\r\nnope", new byte[0]));
        seeds.put("chunked-200", response(0, 3,
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", new byte[0]));
        seeds.put("extension-not-offered", response(0, 0, accepted
                + "Sec-WebSocket-Extensions: permessage-deflate\r\n\r\n", new byte[0]));
        seeds.put("no-upgrade-header", response(0, 0, accepted.replace("Upgrade: websocket\r\n", "") + "\r\n",
                new byte[0]));
        seeds.put("malformed-status-line", response(0, 0, "HTTP/1.1 1O1 Switching\r\n\r\n", new byte[0]));
        seeds.put("accepted-then-masked-frame", response(0, 0, accepted + "\r\n",
                masked(true, 0, TEXT, utf8("servers do not mask"))));
        return seeds;
    }

    private static byte[] response(int flags, int readSize, String head, byte[] after) {
        return concat(new byte[] {(byte) flags, (byte) readSize}, head.getBytes(StandardCharsets.ISO_8859_1), after);
    }

    // ---- frames ----

    private static byte[] masked(boolean fin, int rsv, int opcode, byte[] payload) {
        byte[] header = RawWebSocket.encodeHeader(fin, rsv, opcode, payload.length, MASK_KEY);
        byte[] body = new byte[payload.length];
        for (int i = 0; i < payload.length; i++) {
            body[i] = (byte) (payload[i] ^ MASK_KEY[i & 3]);
        }
        return concat(header, body);
    }

    private static byte[] unmasked(boolean fin, int rsv, int opcode, byte[] payload) {
        return concat(RawWebSocket.encodeHeader(fin, rsv, opcode, payload.length, null), payload);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] filled(int length, byte value) {
        byte[] bytes = new byte[length];
        java.util.Arrays.fill(bytes, value);
        return bytes;
    }

    private static byte[] slice(byte[] bytes, int from, int to) {
        return java.util.Arrays.copyOfRange(bytes, from, to);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            joined.writeBytes(part);
        }
        return joined.toByteArray();
    }

    /** A message compressed with a fresh context, as a peer without context takeover sends it. */
    private static byte[] compressedAlone(byte[] message) {
        try (DeflatePeer alone = new DeflatePeer(true, true)) {
            return alone.compress(message);
        }
    }
}
