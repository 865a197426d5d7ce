package dev.duplex.websocket.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.websocket.Caller;
import dev.duplex.websocket.CloseFrame;
import dev.duplex.websocket.Listener;
import dev.duplex.websocket.ListenerConfiguration;
import dev.duplex.websocket.Service;
import dev.duplex.websocket.interop.InteropServices.CloseSeen;
import dev.duplex.websocket.interop.InteropServices.Closer;
import dev.duplex.websocket.interop.InteropServices.Echo;
import dev.duplex.websocket.interop.InteropServices.EchoReportingClose;
import dev.duplex.websocket.WsServiceConfig;
import dev.duplex.websocket.testkit.OptionalTool;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Interop with a browser: headless Chromium, started by {@link HeadlessChromium} and driven over the DevTools
 * protocol, opens WebSockets to our {@link Listener} from an {@code about:blank} page and runs each test's script
 * there (helpers in {@code recording-socket.js}); the script's result comes back as JSON.
 *
 * <p>Skipped when Chromium is not installed, with a message naming .ci/install-test-tools, which installs it; failed
 * instead where the optional tools are required ({@link OptionalTool#REQUIRED_VARIABLE}, set by .ci/run after the
 * install).
 */
class ChromiumInteropTest {
    private static final long TIMEOUT_SECONDS = 10;
    private static final int ONE_MIB = 1 << 20;

    private static Listener listener;
    private static HeadlessChromium chromium;
    private static HeadlessChromium.Page page;

    /** Echoes every text and binary message. */
    /** Answers every text message with the sub-protocol it agreed with the browser, or "none". */
    public static class SubProtocolReporter implements Service {
        public String onTextMessage(Caller caller, String text) {
            return caller.getNegotiatedSubProtocol().orElse("none");
        }
    }

    /**
     * The scripts run in an {@code about:blank} page, whose origin is opaque: the browser sends {@code Origin: null},
     * which the origin policy refuses unless the service allows it.
     */
    private static final WsServiceConfig FROM_BLANK_PAGE = WsServiceConfig.builder().allowedOrigins("null").build();

    @BeforeAll
    static void startListenerAndChromium() throws IOException {
        Optional<Path> executable = HeadlessChromium.find();
        if (executable.isEmpty()) {
            return; // each test is skipped (or failed, where tools are required), with the reason, by requireChromium
        }
        listener = new Listener(0, ListenerConfiguration.builder().host("127.0.0.1").build());
        listener.attach("/echo", request -> new Echo(), FROM_BLANK_PAGE);
        listener.attach("/echo-large", request -> new Echo(), FROM_BLANK_PAGE.toBuilder()
                .maxFrameSize(2 * ONE_MIB).maxMessageSize(2 * ONE_MIB).build());
        listener.attach("/chat", request -> new SubProtocolReporter(),
                FROM_BLANK_PAGE.toBuilder().subProtocols(List.of("chat")).build());
        listener.start();

        chromium = HeadlessChromium.launch(executable.get());
        page = chromium.newPage();
        page.evaluate(resource("recording-socket.js"));
    }

    @BeforeEach
    void requireChromium() {
        OptionalTool.CHROMIUM.assumeInstalled();
    }

    @AfterAll
    static void stopChromiumAndListener() {
        if (chromium != null) {
            chromium.close();
        }
        if (listener != null) {
            listener.immediateStop();
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ChromiumInteropTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("test resource " + name + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The URL of {@code path} on our listener, as a JavaScript string literal. */
    private static String url(String path) {
        return Json.quote("ws://127.0.0.1:" + listener.getPort() + path);
    }

    private static byte[] patternOf(int length) {
        byte[] data = new byte[length];
        for (int i = 0; i < length; i++) {
            data[i] = (byte) (i % 251);
        }
        return data;
    }

    @Test
    void echoesTextToTheBrowser() {
        Object reply = page.evaluate("""
                (async () => {
                  const socket = await RecordingSocket.open(%s);
                  socket.send('hello from Chromium');
                  const reply = await socket.nextMessage();
                  socket.close(1000);
                  return reply;
                })()""".formatted(url("/echo")));

        assertThat(reply).isEqualTo("hello from Chromium");
    }

    @Test
    void negotiatesPermessageDeflateWithTheBrowserAndEchoesCompressibleText() {
        Object reply = page.evaluate("""
                (async () => {
                  const socket = await RecordingSocket.open(%s);
                  const text = 'compress me, browser '.repeat(5000);
                  socket.send(text);
                  const echoed = await socket.nextMessage();
                  socket.close(1000);
                  return { extensions: socket.ws.extensions, same: echoed === text };
                })()""".formatted(url("/echo")));

        Map<?, ?> result = (Map<?, ?>) reply;
        assertThat((String) result.get("extensions")).startsWith("permessage-deflate");
        assertThat(result.get("same")).isEqualTo(true);
    }

    @Test
    void echoesAnArrayBufferAsBinary() {
        Object reply = page.evaluate("""
                (async () => {
                  const socket = await RecordingSocket.open(%s);
                  socket.send(new Uint8Array([0, 1, 2, 128, 255]).buffer);
                  const reply = await socket.nextMessage();
                  socket.close(1000);
                  return { isArrayBuffer: reply instanceof ArrayBuffer, bytes: Array.from(new Uint8Array(reply)) };
                })()""".formatted(url("/echo")));

        assertThat(reply).isEqualTo(Map.of("isArrayBuffer", true, "bytes", List.of(0L, 1L, 2L, 128L, 255L)));
    }

    @Test
    void echoesAOneMebibyteMessageWhenTheLimitsAllowIt() {
        Object reply = page.evaluate("""
                (async () => {
                  const socket = await RecordingSocket.open(%s);
                  socket.send(pattern(%d));
                  const reply = await socket.nextMessage();
                  socket.close(1000);
                  return { isArrayBuffer: reply instanceof ArrayBuffer, base64: base64Of(reply) };
                })()""".formatted(url("/echo-large"), ONE_MIB));

        Map<?, ?> result = (Map<?, ?>) reply;
        assertThat(result.get("isArrayBuffer")).isEqualTo(true);
        assertThat(Base64.getDecoder().decode((String) result.get("base64"))).isEqualTo(patternOf(ONE_MIB));
    }

    @Test
    void echoesUnicodeTextIntact() {
        String message = "emoji \uD83D\uDE80\uD83C\uDF0D\uD83D\uDC4B\uD83C\uDFFD, CJK 你好世界 日本語 한국어, "
                + "accents e\u0301 ñ, clef \uD834\uDD1E";

        Object reply = page.evaluate("""
                (async () => {
                  const socket = await RecordingSocket.open(%s);
                  socket.send(%s);
                  const reply = await socket.nextMessage();
                  socket.close(1000);
                  return reply;
                })()""".formatted(url("/echo"), Json.quote(message)));

        assertThat(reply).isEqualTo(message);
    }

    @Test
    void agreesOnTheSubProtocolTheBrowserAsksFor() {
        Object reply = page.evaluate("""
                (async () => {
                  const socket = await RecordingSocket.open(%s, ['chat']);
                  socket.send('which?');
                  const reply = await socket.nextMessage();
                  socket.close(1000);
                  return { protocol: socket.protocol, serverSays: reply };
                })()""".formatted(url("/chat")));

        assertThat(reply).isEqualTo(Map.of("protocol", "chat", "serverSays", "chat"));
    }

    @Test
    void passesTheBrowsersCloseCodeAndReasonToOnClose() throws Exception {
        var closed = new CompletableFuture<CloseSeen>();
        listener.attach("/close-from-browser", request -> new EchoReportingClose(closed), FROM_BLANK_PAGE);

        Object browserSaw = page.evaluate("""
                (async () => {
                  const socket = await RecordingSocket.open(%s);
                  return await socket.close(4000, 'bye');
                })()""".formatted(url("/close-from-browser")));

        assertThat(closed.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isEqualTo(new CloseSeen(4000, "bye"));
        assertThat(browserSaw).isEqualTo(Map.of("code", 4000L, "reason", "", "wasClean", true));
    }

    @Test
    void closesTheBrowserWithTheCodeAndReasonOfTheCloseFrameTheServiceReturns() throws Exception {
        var closed = new CompletableFuture<CloseSeen>();
        listener.attach("/close-from-service", request -> new Closer(closed), FROM_BLANK_PAGE);

        Object browserSaw = page.evaluate("""
                (async () => {
                  const socket = await RecordingSocket.open(%s);
                  socket.send('please close');
                  return await socket.nextClose();
                })()""".formatted(url("/close-from-service")));

        assertThat(browserSaw).isEqualTo(Map.of("code", 4001L, "reason", "done", "wasClean", true));
        assertThat(closed.get(TIMEOUT_SECONDS, TimeUnit.SECONDS).statusCode()).isEqualTo(4001);
    }
}
