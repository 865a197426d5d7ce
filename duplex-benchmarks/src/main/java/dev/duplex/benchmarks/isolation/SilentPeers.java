package dev.duplex.benchmarks.isolation;

import dev.duplex.benchmarks.load.ClientFrames;
import dev.duplex.benchmarks.load.ClientHandshake;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Peers that upgrade, send one text message and then never answer: not the server's close frame, not anything else.
 * Plain blocking sockets, independent of the library.
 *
 * <p>Thread safety: one thread opens and closes them.
 */
final class SilentPeers implements AutoCloseable {
    private final List<Socket> sockets = new ArrayList<>();

    /** Opens {@code count} peers on {@code path} of 127.0.0.1:{@code port}, each having sent {@code text}. */
    static SilentPeers open(int port, String path, int count, String text) throws IOException {
        var peers = new SilentPeers();
        try {
            for (int i = 0; i < count; i++) {
                peers.sockets.add(openOne(port, path, text));
            }
        } catch (IOException e) {
            peers.close();
            throw e;
        }
        return peers;
    }

    private static Socket openOne(int port, String path, String text) throws IOException {
        var socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        socket.setSoTimeout(10_000);
        String key = ClientHandshake.newKey();
        var request = ClientHandshake.request("127.0.0.1", port, path, key);
        try {
            byte[] bytes = new byte[request.readableBytes()];
            request.readBytes(bytes);
            socket.getOutputStream().write(bytes);
        } finally {
            request.release();
        }
        String response = readHeader(socket.getInputStream());
        String problem = ClientHandshake.problem(response, key);
        if (problem != null) {
            socket.close();
            throw new IOException("upgrade refused: " + problem);
        }
        socket.getOutputStream().write(ClientFrames.encode(0x1, true, text.getBytes(StandardCharsets.UTF_8),
                ThreadLocalRandom.current().nextInt()));
        return socket;
    }

    /** The response header up to (not including) the blank line, read a byte at a time so nothing after it is taken. */
    private static String readHeader(InputStream in) throws IOException {
        var header = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the server closed the connection during the upgrade");
            }
            header.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
            if (header.size() > ClientHandshake.MAX_RESPONSE_HEADER) {
                throw new IOException("response header too long");
            }
        }
        byte[] bytes = header.toByteArray();
        return new String(bytes, 0, bytes.length - 4, StandardCharsets.US_ASCII);
    }

    @Override
    public void close() {
        for (Socket socket : sockets) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // Closing: nothing to do with a socket that is already broken.
            }
        }
        sockets.clear();
    }
}
