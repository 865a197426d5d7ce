package dev.duplex.websocket.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small HTTP {@code CONNECT} proxy on 127.0.0.1 for tests (RFC 9110 §9.3.6): it reads one {@code CONNECT host:port}
 * request per connection, checks {@code Proxy-Authorization: Basic} when it was given credentials (407 with
 * {@code Proxy-Authenticate} when they are missing or wrong), opens the tunnel to loopback targets only, answers 200
 * and then copies bytes both ways until either side closes. It records every target asked for.
 *
 * <p>Thread safety: one accepting thread and two copying threads per tunnel, all daemons; {@link #close()} closes the
 * server socket and every open socket, which ends them.
 */
public final class ConnectProxy implements AutoCloseable {
    private final ServerSocket server;
    private final String expectedAuthorization;
    private final List<String> targets = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    private ConnectProxy(String username, String password) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.expectedAuthorization = username == null ? null : "Basic " + Base64.getEncoder().encodeToString(
                (username + ":" + password).getBytes(StandardCharsets.UTF_8));
        Thread accepting = new Thread(this::acceptLoop, "connect-proxy-accept");
        accepting.setDaemon(true);
        accepting.start();
    }

    /** A proxy that lets everyone through. */
    public static ConnectProxy open() throws IOException {
        return new ConnectProxy(null, null);
    }

    /** A proxy that wants these Basic credentials. */
    public static ConnectProxy requiring(String username, String password) throws IOException {
        return new ConnectProxy(username, password);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** The {@code host:port} of every {@code CONNECT} request, in order, refused ones included. */
    public List<String> targets() {
        return List.copyOf(targets);
    }

    /** Cuts every open tunnel (both its sockets close, as when a network path fails) and goes on accepting. */
    public void dropTunnels() {
        List<Socket> open = List.copyOf(sockets);
        sockets.removeAll(open);
        open.forEach(ConnectProxy::closeQuietly);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException closed) {
                return;
            }
            sockets.add(client);
            Thread tunnel = new Thread(() -> serve(client), "connect-proxy-tunnel");
            tunnel.setDaemon(true);
            tunnel.start();
        }
    }

    private void serve(Socket client) {
        try {
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            List<String> head = readHead(in);
            String[] requestLine = head.isEmpty() ? new String[0] : head.get(0).split(" ");
            if (requestLine.length != 3 || !requestLine[0].equals("CONNECT")) {
                answer(out, "405 Method Not Allowed", "");
                return;
            }
            String target = requestLine[1];
            targets.add(target);
            if (expectedAuthorization != null && !expectedAuthorization.equals(header(head,
                    "proxy-authorization"))) {
                answer(out, "407 Proxy Authentication Required", "Proxy-Authenticate: Basic realm=\"test\"\r\n");
                return;
            }
            int colon = target.lastIndexOf(':');
            String host = target.substring(0, colon).replace("[", "").replace("]", "");
            if (!InetAddress.getByName(host).isLoopbackAddress()) {
                answer(out, "403 Forbidden", "");
                return;
            }
            Socket upstream = new Socket();
            sockets.add(upstream);
            upstream.connect(new InetSocketAddress(host, Integer.parseInt(target.substring(colon + 1))), 5000);
            out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            Thread back = new Thread(() -> copy(upstream, client), "connect-proxy-back");
            back.setDaemon(true);
            back.start();
            copy(client, upstream);
        } catch (IOException | RuntimeException e) {
            closeQuietly(client);
        }
    }

    private static void answer(OutputStream out, String status, String headers) throws IOException {
        out.write(("HTTP/1.1 " + status + "\r\n" + headers + "Content-Length: 0\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** The request head's lines, read byte by byte so nothing after it is consumed. */
    private static List<String> readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] terminator = {'\r', '\n', '\r', '\n'};
        while (matched < 4 && head.size() < 16384) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
            matched = b == terminator[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return List.of(head.toString(StandardCharsets.ISO_8859_1).split("\r\n"));
    }

    private static String header(List<String> head, String name) {
        for (String line : head.subList(1, head.size())) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    private static void copy(Socket from, Socket to) {
        byte[] buffer = new byte[16384];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException ended) {
            // Either side went away; the other is closed below.
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing is all that is left to do.
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        sockets.forEach(ConnectProxy::closeQuietly);
    }
}
