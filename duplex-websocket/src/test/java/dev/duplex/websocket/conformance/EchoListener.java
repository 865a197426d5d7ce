package dev.duplex.websocket.conformance;

import dev.duplex.websocket.CloseFrame;
import dev.duplex.websocket.Listener;
import dev.duplex.websocket.ListenerConfiguration;
import dev.duplex.websocket.Service;
import dev.duplex.websocket.WsServiceConfig;
import dev.duplex.websocket.testkit.RawWebSocket;
import java.io.IOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The server under test for the conformance suite: a {@link Listener} on 127.0.0.1 and an ephemeral port, started
 * before each test and stopped after it, with an echo service at {@link #PATH} and a service that starts the closing
 * handshake at {@link #CLOSER_PATH}, both recording what the server reported to them. Register it with
 * {@code @RegisterExtension}.
 *
 * <p>Thread safety: the recorded events are written by the service's threads and read by the test thread through
 * blocking queues.
 */
public final class EchoListener implements BeforeEachCallback, AfterEachCallback {
    /** Where the echo service is attached. */
    public static final String PATH = "/echo";
    /** Where the {@link Closer} service is attached. */
    public static final String CLOSER_PATH = "/closer";
    private static final long WAIT_SECONDS = 10;

    /** What {@code onClose} was called with. */
    public record Closed(int code, String reason) {
    }

    private final WsServiceConfig config;
    private final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
    private final BlockingQueue<Closed> closes = new LinkedBlockingQueue<>();
    private final BlockingQueue<Throwable> errors = new LinkedBlockingQueue<>();
    private Listener listener;

    /** An echo server with the default service configuration. */
    public EchoListener() {
        this(WsServiceConfig.DEFAULT);
    }

    /** An echo server whose service uses {@code config} (limits, for instance). */
    public EchoListener(WsServiceConfig config) {
        this.config = config;
    }

    /** Echoes every message and records every event; one instance per connection. */
    public static final class Echo implements Service {
        private final EchoListener recorder;

        Echo(EchoListener recorder) {
            this.recorder = recorder;
        }

        public String onTextMessage(String text) {
            recorder.messages.add(text);
            return text;
        }

        public byte[] onBinaryMessage(byte[] data) {
            recorder.messages.add(data);
            return data;
        }

        public void onClose(int code, String reason) {
            recorder.closes.add(new Closed(code, reason));
        }

        public void onError(Throwable error) {
            recorder.errors.add(error);
        }
    }

    /**
     * Answers a text message {@code "<code> <reason>"} by closing with that code and reason (returning a
     * {@link CloseFrame}), so tests can watch the server start the closing handshake.
     */
    public static final class Closer implements Service {
        private final EchoListener recorder;

        Closer(EchoListener recorder) {
            this.recorder = recorder;
        }

        public CloseFrame onTextMessage(String text) {
            recorder.messages.add(text);
            int space = text.indexOf(' ');
            return new CloseFrame(Integer.parseInt(text.substring(0, space)), text.substring(space + 1));
        }

        public void onClose(int code, String reason) {
            recorder.closes.add(new Closed(code, reason));
        }

        public void onError(Throwable error) {
            recorder.errors.add(error);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        listener = new Listener(0, ListenerConfiguration.builder().host("127.0.0.1").build());
        listener.attach(PATH, request -> new Echo(this), config);
        listener.attach(CLOSER_PATH, request -> new Closer(this), config);
        listener.start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        listener.immediateStop();
    }

    /** Opens a connection to the echo service (handshake done). */
    public RawWebSocket connect() throws IOException {
        return RawWebSocket.connect(listener.getPort(), PATH);
    }

    /** Opens a connection to the {@link Closer} service (handshake done). */
    public RawWebSocket connectToCloser() throws IOException {
        return RawWebSocket.connect(listener.getPort(), CLOSER_PATH);
    }

    /** What the next {@code onClose} was called with; fails when none comes within 10 s. */
    public Closed awaitClose() throws InterruptedException {
        Closed closed = closes.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        if (closed == null) {
            throw new AssertionError("onClose was not called within " + WAIT_SECONDS + " s");
        }
        return closed;
    }

    /** The next error reported to {@code onError}; fails when none comes within 10 s. */
    public Throwable awaitError() throws InterruptedException {
        Throwable error = errors.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        if (error == null) {
            throw new AssertionError("onError was not called within " + WAIT_SECONDS + " s");
        }
        return error;
    }

    /** How many errors {@code onError} has received so far. */
    public int errorsReported() {
        return errors.size();
    }

    /** How many messages the service has received so far (text and binary). */
    public int messagesReceived() {
        return messages.size();
    }
}
