package dev.duplex.cli;

import dev.duplex.websocket.Client;
import dev.duplex.websocket.ClientConfiguration;
import dev.duplex.websocket.ConnectionClosureException;
import dev.duplex.websocket.PingPongService;
import dev.duplex.websocket.ReadTimeoutException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code duplex connect URL}: an interactive client. Each line typed is sent (as text, or binary with
 * {@code --binary}); {@code /ping [text]} sends a ping and {@code /close [code [reason]]} closes. Received messages
 * are printed as {@code < text}, {@code < [binary N bytes] hex}, {@code < [pong] text}. With piped input, at its end
 * the command waits for the replies still due (as many messages as it sent, at most {@code --drain}), then closes
 * with 1000.
 */
@Command(name = "connect", mixinStandardHelpOptions = true,
        description = "Connect to a WebSocket server; lines typed are sent, messages received are printed.")
final class ConnectCommand implements Runnable {
    @Parameters(index = "0", description = "ws:// or wss:// URL.")
    String url;

    @Option(names = "--binary", description = "Send each line as a binary message.")
    boolean binary;

    @Option(names = {"-H", "--header"}, description = "A request header, Name: value (repeatable).")
    List<String> headers = List.of();

    @Option(names = {"-s", "--subprotocol"}, description = "A sub-protocol to offer (repeatable).")
    List<String> subProtocols = List.of();

    @Option(names = "--auth", description = "Credentials: basic:USER:PASSWORD or bearer:TOKEN.")
    String auth;

    @Option(names = "--drain", defaultValue = "2s",
            description = "At the end of input, how long to wait for replies still due (e.g. 500ms, 2s). Default: ${DEFAULT-VALUE}.")
    String drain;

    @Option(names = "--handshake-timeout", defaultValue = "10s", description = "Default: ${DEFAULT-VALUE}.")
    String handshakeTimeout;

    private final AtomicLong received = new AtomicLong();
    /** Set when this side closes, so the echo of its own close frame is not reported as the server's. */
    private volatile boolean closing;
    private final Object receivedLock = new Object();

    @Override
    public void run() {
        PrintStream out = System.out;
        Map<String, String> requestHeaders = new LinkedHashMap<>();
        for (String header : headers) {
            int colon = header.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("--header must look like 'Name: value', was '" + header + "'");
            }
            requestHeaders.put(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
        }
        if (auth != null) {
            requestHeaders.put("Authorization", authorization(auth));
        }
        var config = ClientConfiguration.builder()
                .customHeaders(requestHeaders)
                .subProtocols(subProtocols)
                .handShakeTimeout(Durations.parse(handshakeTimeout, "--handshake-timeout"))
                .pingPongHandler(new PingPongService() {
                    @Override
                    public void onPong(Client client, byte[] data) {
                        print(out, "< [pong] " + new String(data, StandardCharsets.UTF_8));
                    }
                })
                .build();
        Duration drainTime = Durations.parse(drain, "--drain");
        try (Client client = new Client(url, config)) {
            System.err.println("connected to " + url
                    + client.getNegotiatedSubProtocol().map(p -> " (sub-protocol " + p + ")").orElse(""));
            Thread reader = new Thread(() -> readLoop(client, out), "duplex-connect-reader");
            reader.setDaemon(true);
            reader.start();
            long sent = sendLoop(client);
            if (sent < 0) {
                return;
            }
            awaitReplies(sent, drainTime);
            if (client.isOpen()) {
                closing = true;
                client.close(1000, "", Duration.ofSeconds(2));
            }
        } catch (ConnectionClosureException closed) {
            System.err.println("connection closed: " + closed.getMessage());
        }
    }

    private static String authorization(String auth) {
        if (auth.startsWith("basic:")) {
            String credentials = auth.substring("basic:".length());
            if (!credentials.contains(":")) {
                throw new IllegalArgumentException("--auth basic:USER:PASSWORD needs a user and a password");
            }
            return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
        }
        if (auth.startsWith("bearer:")) {
            return "Bearer " + auth.substring("bearer:".length());
        }
        throw new IllegalArgumentException("--auth must be basic:USER:PASSWORD or bearer:TOKEN");
    }

    /** Sends stdin's lines; returns how many messages were sent, or -1 when a /close ended the session. */
    private long sendLoop(Client client) {
        long sent = 0;
        try (var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("/ping")) {
                    client.ping(line.substring("/ping".length()).strip().getBytes(StandardCharsets.UTF_8));
                } else if (line.startsWith("/close")) {
                    String[] parts = line.substring("/close".length()).strip().split(" ", 2);
                    int code = parts[0].isEmpty() ? 1000 : Integer.parseInt(parts[0]);
                    closing = true;
                    client.close(code, parts.length > 1 ? parts[1] : "", Duration.ofSeconds(5));
                    return -1;
                } else if (binary) {
                    client.writeBinaryMessage(line.getBytes(StandardCharsets.UTF_8));
                    sent++;
                } else {
                    client.writeTextMessage(line);
                    sent++;
                }
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read standard input: " + e.getMessage(), e);
        }
        return sent;
    }

    private void awaitReplies(long sent, Duration drainTime) {
        long deadline = System.nanoTime() + drainTime.toNanos();
        synchronized (receivedLock) {
            while (received.get() < sent) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                try {
                    receivedLock.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void readLoop(Client client, PrintStream out) {
        while (true) {
            Object message;
            try {
                message = client.readMessage();
            } catch (ReadTimeoutException quiet) {
                continue;
            } catch (ConnectionClosureException closed) {
                if (closed.closeCode() != 0 && !closing) {
                    print(out, "< [close " + closed.closeCode() + (closed.reason().isEmpty() ? "" : " " + closed.reason())
                            + "]");
                }
                return;
            } catch (RuntimeException failure) {
                System.err.println("duplex: " + failure.getMessage());
                return;
            }
            if (message instanceof String text) {
                print(out, "< " + text);
            } else {
                byte[] bytes = (byte[]) message;
                print(out, "< [binary " + bytes.length + " bytes] " + HexFormat.of().formatHex(bytes));
            }
            synchronized (receivedLock) {
                received.incrementAndGet();
                receivedLock.notifyAll();
            }
        }
    }

    private static void print(PrintStream out, String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }
}
