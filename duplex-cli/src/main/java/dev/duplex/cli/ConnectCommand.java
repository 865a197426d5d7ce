package dev.duplex.cli;

import dev.duplex.websocket.internal.time.SaturatingDurations;
import dev.duplex.websocket.Client;
import dev.duplex.websocket.ClientConfiguration;
import dev.duplex.websocket.ConnectionClosureException;
import dev.duplex.websocket.PayloadTooLargeException;
import dev.duplex.websocket.PingPongService;
import dev.duplex.websocket.ReadTimeoutException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code duplex connect URL}: an interactive client. Each line typed is sent (as text, or binary with
 * {@code --binary}); {@code /ping [text]} sends a ping and {@code /close [code [reason]]} closes. Received messages
 * are printed as {@code < text}, {@code < [binary N bytes] hex}, {@code < [pong] text}, and a close by the server as
 * {@code < [close code reason]}, which ends the command. At the end of input the command goes on printing until the
 * server falls quiet: it waits for one reply per message and ping sent and then for {@code --quiet} without a message,
 * at most {@code --drain} in all, or until the server closes; then it closes with 1000.
 *
 * <p>Exit code 0 when the session ended with a close frame (ours, or the server's with 1000, 1001 or an application
 * code 3000–4999), 1 when it could not start, the connection failed or dropped without one, or the server closed with
 * an error code (1002–2999, such as 1009 or 1011).
 *
 * <p>Threads: the main thread connects, waits for the input or the connection to end, then drains and closes; an
 * input thread reads standard input and sends; a reader thread takes messages and prints them; the client's control
 * thread prints pongs. The session state below is guarded by {@code this}.
 */
@Command(name = "connect", mixinStandardHelpOptions = true,
        description = "Connect to a WebSocket server; lines typed are sent, messages received are printed.")
final class ConnectCommand implements Callable<Integer> {
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

    @Option(names = "--drain", defaultValue = "10s",
            description = "At the end of input, the longest wait for replies (e.g. 500ms, 2s). Default: ${DEFAULT-VALUE}.")
    String drain;

    @Option(names = "--quiet", defaultValue = "1s",
            description = "At the end of input, stop once the server has sent nothing for this long (after one reply per"
                    + " message sent). Default: ${DEFAULT-VALUE}.")
    String quiet;

    @Option(names = "--max-message-size", defaultValue = "1048576",
            description = "Largest message accepted, in bytes; a larger one closes with 1009. Default: ${DEFAULT-VALUE}.")
    int maxMessageSize;

    @Option(names = "--handshake-timeout", defaultValue = "10s",
            description = "How long the opening handshake may take. Default: ${DEFAULT-VALUE}.")
    String handshakeTimeout;

    @Spec
    CommandSpec spec;

    /** Where received messages go; printed under its own lock so lines from two threads never interleave. */
    private PrintWriter out;
    private PrintWriter err;

    /** Messages and pings sent, which the drain waits to see answered. Guarded by this. */
    private long due;
    /** Messages and pongs received. Guarded by this. */
    private long received;
    /** The {@link System#nanoTime()} of the end of input, then of each message or pong received. Guarded by this. */
    private long lastReceivedAt;
    /** Set by the input thread at the end of input or after /close. Guarded by this. */
    private boolean inputEnded;
    /** Set by the reader thread when the connection has ended. Guarded by this. */
    private boolean connectionEnded;
    /** The exit code; the reader thread sets 1 when the connection failed. Guarded by this. */
    private int exitCode;
    /** How long a /close waits for the server's close frame. */
    private static final Duration CLOSE_COMMAND_TIMEOUT = Duration.ofSeconds(5);

    /** Set when this side closes, so the echo of its own close frame is not reported as the server's. */
    private volatile boolean closing;

    @Override
    public Integer call() {
        out = spec.commandLine().getOut();
        err = spec.commandLine().getErr();
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
        Duration drainTime = Durations.parse(drain, "--drain");
        Duration quietTime = Durations.parse(quiet, "--quiet");
        OptionChecks.atLeastOne(spec, "--max-message-size", maxMessageSize);
        OptionChecks.tokens(spec, "--subprotocol", subProtocols);
        var config = ClientConfiguration.builder()
                .maxMessageSize(maxMessageSize)
                .customHeaders(requestHeaders)
                .subProtocols(subProtocols)
                .handShakeTimeout(Durations.parse(handshakeTimeout, "--handshake-timeout"))
                .pingPongHandler(new PingPongService() {
                    @Override
                    public void onPong(Client client, byte[] data) {
                        print("< [pong] " + new String(data, StandardCharsets.UTF_8));
                        counted();
                    }
                })
                .build();
        try (Client client = new Client(url, config)) {
            err.println("connected to " + url
                    + client.getNegotiatedSubProtocol().map(p -> " (sub-protocol " + p + ")").orElse(""));
            err.flush();
            start("reader", () -> readLoop(client));
            start("input", () -> sendLoop(client));
            awaitInputOrClose();
            if (closing) {
                awaitCloseCommand();
            }
            awaitReplies(drainTime, quietTime);
            if (client.isOpen()) {
                closing = true;
                try {
                    client.close(1000, "", Duration.ofSeconds(2));
                } catch (ConnectionClosureException unanswered) {
                    failed(unanswered.getMessage());
                }
            }
        }
        synchronized (this) {
            return exitCode;
        }
    }

    private static void start(String name, Runnable body) {
        Thread thread = new Thread(body, "duplex-connect-" + name);
        thread.setDaemon(true);
        thread.start();
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

    /** Input thread: sends standard input's lines until it ends, a /close, or the connection ends. */
    private void sendLoop(Client client) {
        try (var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!send(client, line)) {
                    break;
                }
            }
        } catch (IOException e) {
            err.println("duplex: cannot read standard input: " + e.getMessage());
            err.flush();
        } catch (ConnectionClosureException closed) {
            // The connection ended while sending; the reader thread reports how.
        }
        synchronized (this) {
            inputEnded = true;
            notifyAll();
        }
    }

    /** Sends one line; returns false after a /close. A mistyped command is reported and skipped. */
    private boolean send(Client client, String line) {
        try {
            if (line.startsWith("/ping")) {
                client.ping(line.substring("/ping".length()).strip().getBytes(StandardCharsets.UTF_8));
                sent();
            } else if (line.startsWith("/close")) {
                String[] parts = line.substring("/close".length()).strip().split(" ", 2);
                int code = parseCloseCode(parts[0]);
                closing = true;
                client.close(code, parts.length > 1 ? parts[1] : "", CLOSE_COMMAND_TIMEOUT);
                return false;
            } else if (binary) {
                client.writeBinaryMessage(line.getBytes(StandardCharsets.UTF_8));
                sent();
            } else {
                client.writeTextMessage(line);
                sent();
            }
        } catch (IllegalArgumentException mistyped) {
            closing = false;
            err.println("duplex: " + mistyped.getMessage());
            err.flush();
        }
        return true;
    }

    private static int parseCloseCode(String text) {
        if (text.isEmpty()) {
            return 1000;
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("/close takes a close code such as 1000 or 4000, was '" + text + "'");
        }
    }

    /** Main thread: waits until the input ends or the connection does. */
    private synchronized void awaitInputOrClose() {
        while (!inputEnded && !connectionEnded) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Main thread, after a /close: waits until the input thread's close has ended (the server answered, or
     * {@link #CLOSE_COMMAND_TIMEOUT} passed). Returning earlier would let the process exit before the close frame is
     * written, and the server would see the connection drop (1006) instead of the code asked for.
     */
    private synchronized void awaitCloseCommand() {
        long deadline = SaturatingDurations.deadline(System.nanoTime(), CLOSE_COMMAND_TIMEOUT.plusSeconds(1));
        while (!inputEnded && closing) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Main thread, at the end of input: waits until the server falls quiet (a reply to each message and ping sent,
     * then {@code quietTime} without a message) or closes, at most {@code drainTime}. Counting replies alone is not
     * enough: a server that greets first, or sends events, would end the wait before the reply.
     */
    private synchronized void awaitReplies(Duration drainTime, Duration quietTime) {
        long now = System.nanoTime();
        long deadline = SaturatingDurations.deadline(now, drainTime);
        lastReceivedAt = now;
        while (!connectionEnded) {
            now = System.nanoTime();
            long quietUntil = SaturatingDurations.deadline(lastReceivedAt, quietTime);
            if (received >= due && now - quietUntil >= 0) {
                return;
            }
            long left = Math.min(deadline - now, received >= due ? quietUntil - now : Long.MAX_VALUE);
            if (deadline - now <= 0) {
                return;
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Reader thread: prints messages until the connection ends. */
    private void readLoop(Client client) {
        try {
            while (true) {
                Object message;
                try {
                    message = client.readMessage();
                } catch (ReadTimeoutException quiet) {
                    continue;
                }
                if (message instanceof String text) {
                    print("< " + text);
                } else {
                    byte[] bytes = (byte[]) message;
                    print("< [binary " + bytes.length + " bytes] " + HexFormat.of().formatHex(bytes));
                }
                counted();
            }
        } catch (ConnectionClosureException closed) {
            if (!closing) {
                reportClose(closed);
            }
        } catch (PayloadTooLargeException tooLarge) {
            failed(tooLarge.getMessage());
        } catch (RuntimeException failure) {
            failed(failure.getMessage());
        }
        synchronized (this) {
            connectionEnded = true;
            notifyAll();
        }
    }

    private void reportClose(ConnectionClosureException closed) {
        int code = closed.closeCode();
        if (code == 1006 || code == 0) {
            failed("connection dropped without a close frame: " + closed.getMessage());
            return;
        }
        print("< [close " + code + (closed.reason().isEmpty() ? "" : " " + closed.reason()) + "]");
        if (code >= 1002 && code <= 2999) {
            failed("the server closed the connection with error code " + code
                    + (closed.reason().isEmpty() ? "" : " (" + closed.reason() + ")"));
        }
    }

    private void failed(String message) {
        synchronized (this) {
            exitCode = DuplexCommand.EXIT_FAILURE;
        }
        synchronized (err) {
            err.println("duplex: " + ErrorText.forPeople(message));
            err.flush();
        }
    }

    /** Counted after the send, so a reply may be counted first; the drain only compares the totals. */
    private synchronized void sent() {
        due++;
    }

    private synchronized void counted() {
        received++;
        lastReceivedAt = System.nanoTime();
        notifyAll();
    }

    private void print(String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }
}
