package dev.duplex.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duplex.websocket.testkit.RawWebSocket;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Response headers are checked where they are set: a CR, LF, NUL (or any other control character) in a name or a
 * value is refused at once with an {@link IllegalArgumentException} naming the header, so no bad header can reach the
 * wire or fail later on the event loop. And whatever fails after the listener reserved a connection slot for an
 * upgrade frees that slot and answers 500: the next client is served, not refused with 503.
 */
class ResponseHeaderValidationTest {
    private Listener listener;

    /** Echoes text messages back. */
    public static class Echo implements Service {
        public String onTextMessage(String text) {
            return text;
        }
    }

    @AfterEach
    void stop() {
        if (listener != null) {
            listener.immediateStop();
        }
    }

    private int start(ListenerConfiguration config, UpgradeService upgradeService, WsServiceConfig serviceConfig) {
        listener = new Listener(0, config.toBuilder().host("127.0.0.1").build());
        listener.attach("/ws", upgradeService, serviceConfig);
        listener.start();
        return listener.getPort();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\r", "\n", "\0", "\r\nSet-Cookie: session=stolen"})
    void addResponseHeaderRefusesAControlCharacterInTheValueNamingTheHeader(String injected) throws Exception {
        var refusal = new CompletableFuture<IllegalArgumentException>();
        int port = start(ListenerConfiguration.DEFAULT, request -> {
            try {
                request.addResponseHeader("X-Room", "lobby" + injected);
                refusal.complete(null);
            } catch (IllegalArgumentException refused) {
                refusal.complete(refused);
            }
            return new Echo();
        }, WsServiceConfig.DEFAULT);

        try (var ws = RawWebSocket.connect(port, "/ws")) {
            assertThat(ws.handshakeResponse().header("X-Room")).isNull();
            assertThat(ws.handshakeResponse().header("Set-Cookie")).isNull();
        }
        assertThat(refusal.get(5, TimeUnit.SECONDS)).isNotNull()
                .hasMessageContaining("X-Room").hasMessageContaining("addResponseHeader");
    }

    @ParameterizedTest
    @ValueSource(strings = {"X-Room\r", "X-Room\n", "X-Room\0", "X Room", "X-Room:"})
    void addResponseHeaderRefusesANameThatIsNotAToken(String name) throws Exception {
        var refusal = new CompletableFuture<IllegalArgumentException>();
        int port = start(ListenerConfiguration.DEFAULT, request -> {
            try {
                request.addResponseHeader(name, "lobby");
                refusal.complete(null);
            } catch (IllegalArgumentException refused) {
                refusal.complete(refused);
            }
            return new Echo();
        }, WsServiceConfig.DEFAULT);

        try (var ws = RawWebSocket.connect(port, "/ws")) {
            ws.sendText("served");
            assertThat(ws.readFrame().text()).isEqualTo("served");
        }
        assertThat(refusal.get(5, TimeUnit.SECONDS)).isNotNull().hasMessageContaining("X");
    }

    @Test
    void upgradeExceptionWithHeaderRefusesACarriageReturnOrLineFeedNamingTheHeader() {
        var refusal = new UpgradeException(403, "room is full");

        assertThatThrownBy(() -> refusal.withHeader("Retry-After", "30\r\nSet-Cookie: session=stolen"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Retry-After").hasMessageContaining("UpgradeException.withHeader");
        assertThatThrownBy(() -> refusal.withHeader("Retry\nAfter", "30"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Retry");
        assertThatThrownBy(() -> refusal.withHeader("Retry-After", "3\00"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Retry-After");
    }

    @Test
    void httpResponseRefusesAControlCharacterInAHeaderOrTheContentTypeNamingTheHeader() {
        var ok = HttpResponse.text(200, "ok");

        assertThatThrownBy(() -> ok.withHeader("Location", "/next\r\nSet-Cookie: session=stolen"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Location").hasMessageContaining("HttpResponse");
        assertThatThrownBy(() -> ok.withHeader("Loc\0ation", "/next"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Loc");
        assertThatThrownBy(() -> new HttpResponse(200, "text/plain", Map.of("X-Trace", "a\nb"), new byte[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("X-Trace");
        assertThatThrownBy(() -> HttpResponse.of(200, "text/plain\r\nX-Injected: yes", new byte[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Content-Type");
    }

    @Test
    void theServerHeaderSettingRefusesAControlCharacterNamingTheSetting() {
        assertThatThrownBy(() -> ListenerConfiguration.builder().server("duplex\r\nX-Injected: yes").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("server").hasMessageContaining("Server");
    }

    @Test
    void validHeadersStillReachTheResponses() throws Exception {
        int port = start(ListenerConfiguration.builder().server("duplex-test").build(), request -> {
            request.addResponseHeader("X-Room", "lobby\t(main)");
            return new Echo();
        }, WsServiceConfig.DEFAULT);

        try (var ws = RawWebSocket.connect(port, "/ws")) {
            assertThat(ws.handshakeResponse().header("X-Room")).isEqualTo("lobby\t(main)");
            assertThat(ws.handshakeResponse().header("Server")).isEqualTo("duplex-test");
        }
    }

    /** Throws a checked exception its signature does not declare, as code compiled from other JVM languages can. */
    @SuppressWarnings("unchecked")
    private static <T extends Throwable> void sneakyThrow(Throwable failure) throws T {
        throw (T) failure;
    }

    @ParameterizedTest
    @EnumSource(DispatchMode.class)
    void anUpgradeServiceThatThrowsAnUndeclaredCheckedExceptionIsAnswered500(DispatchMode mode) throws Exception {
        int port = start(ListenerConfiguration.DEFAULT, request -> {
            sneakyThrow(new IOException("directory unreachable"));
            return new Echo();
        }, WsServiceConfig.builder().dispatchMode(mode).build());

        var answer = RawWebSocket.http(port, RawWebSocket.upgradeRequest(port, "/ws"));

        assertThat(answer.status()).isEqualTo(500);
    }

    @ParameterizedTest
    @EnumSource(DispatchMode.class)
    void aFailureAfterTheConnectionSlotIsReservedAnswers500AndFreesTheSlot(DispatchMode mode) throws Exception {
        // A meter filter of the application's that fails once, when the accepted handshake is counted: that happens
        // after maxConnections reserved the slot, just before the 101.
        var registry = new SimpleMeterRegistry();
        var failOnce = new AtomicBoolean(true);
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                if (id.getName().equals("duplex.handshakes") && "101".equals(id.getTag("status"))
                        && failOnce.compareAndSet(true, false)) {
                    throw new IllegalStateException("meter filter failed");
                }
                return id;
            }
        });
        int port = start(ListenerConfiguration.builder().maxConnections(1).metrics(registry).build(),
                request -> new Echo(), WsServiceConfig.builder().dispatchMode(mode).build());

        var failed = RawWebSocket.http(port, RawWebSocket.upgradeRequest(port, "/ws"));
        assertThat(failed.status()).isEqualTo(500);
        assertThat(failed.header("Connection")).isEqualToIgnoringCase("close");

        try (var next = RawWebSocket.connect(port, "/ws")) {
            next.sendText("served");
            assertThat(next.readFrame().text()).isEqualTo("served");
        }
    }
}
