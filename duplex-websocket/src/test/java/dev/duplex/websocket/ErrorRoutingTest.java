package dev.duplex.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.websocket.testkit.EventRecorder;
import dev.duplex.websocket.testkit.LoopbackListener;
import dev.duplex.websocket.testkit.RawWebSocket;
import java.time.Duration;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An exception from a remote method goes to {@code onError} when the service has one (the connection stays open);
 * otherwise it is logged and the connection closes with 1011. Either way the listener and other connections go on.
 */
class ErrorRoutingTest {
    private final EventRecorder service = new EventRecorder();

    /** Throws on "boom", echoes anything else. */
    public static class Throwing implements Service {
        public String onTextMessage(String text) {
            if (text.equals("boom")) {
                throw new IllegalStateException("boom went the method");
            }
            return "echo:" + text;
        }
    }

    public static class ThrowingWithOnErrorTakingThrowable extends Throwing {
        private final EventRecorder events;

        public ThrowingWithOnErrorTakingThrowable(EventRecorder events) {
            this.events = events;
        }

        public void onError(Caller caller, Throwable error) {
            events.record("onError", error);
        }
    }

    public static class ThrowingWithOnErrorTakingException extends Throwing {
        private final EventRecorder events;

        public ThrowingWithOnErrorTakingException(EventRecorder events) {
            this.events = events;
        }

        public void onError(Exception error) {
            events.record("onError", error);
        }
    }

    public static class ThrowingWithOnErrorTakingWebSocketException extends Throwing {
        private final EventRecorder events;

        public ThrowingWithOnErrorTakingWebSocketException(EventRecorder events) {
            this.events = events;
        }

        public void onError(Caller caller, WebSocketException error) {
            events.record("onError", error);
        }
    }

    /** Its onError fails too. */
    public static class ThrowingInOnError extends Throwing {
        public void onError(Throwable error) {
            throw new IllegalStateException("onError failed as well");
        }
    }

    /** Its onError closes with a close frame of its choosing. */
    public static class ClosingInOnError extends Throwing {
        public CloseFrame onError(Throwable error) {
            return new CloseFrame(4500, "failed: " + error.getMessage());
        }
    }

    /** Fails as soon as it opens. */
    public static class FailingOnOpen {
        public static class WithOnError extends Throwing {
            private final EventRecorder events;

            public WithOnError(EventRecorder events) {
                this.events = events;
            }

            public void onOpen() {
                throw new IllegalStateException("cannot open");
            }

            public void onError(Throwable error) {
                events.record("onError", error);
            }
        }

        public static class WithoutOnError extends Throwing {
            public void onOpen() {
                throw new IllegalStateException("cannot open");
            }
        }
    }

    static Stream<Arguments> servicesWithOnError() {
        return Stream.of(
                Arguments.of("Throwable", (Function<EventRecorder, Service>) ThrowingWithOnErrorTakingThrowable::new),
                Arguments.of("Exception", (Function<EventRecorder, Service>) ThrowingWithOnErrorTakingException::new),
                Arguments.of("WebSocketException",
                        (Function<EventRecorder, Service>) ThrowingWithOnErrorTakingWebSocketException::new));
    }

    @ParameterizedTest(name = "onError({0})")
    @MethodSource("servicesWithOnError")
    void sendsAMethodsExceptionToOnErrorAndKeepsTheConnectionOpen(String parameter,
                                                                  Function<EventRecorder, Service> create)
            throws Exception {
        try (var listener = LoopbackListener.start("/ws", request -> create.apply(service));
             var raw = RawWebSocket.connect(listener.port(), "/ws")) {
            raw.sendText("boom");
            Throwable error = service.expect("onError", Throwable.class);
            Throwable thrown = error instanceof IllegalStateException ? error : error.getCause();
            assertThat(thrown).isInstanceOf(IllegalStateException.class).hasMessage("boom went the method");
            raw.sendText("next");
            assertThat(raw.readFrame().text()).isEqualTo("echo:next");
            service.assertNoMoreEvents();
        }
    }

    @Test
    void wrapsAnExceptionInAWebSocketExceptionWhenOnErrorTakesOnlyThat() throws Exception {
        try (var listener = LoopbackListener.start("/ws",
                request -> new ThrowingWithOnErrorTakingWebSocketException(service));
             var raw = RawWebSocket.connect(listener.port(), "/ws")) {
            raw.sendText("boom");
            WebSocketException error = service.expect("onError", WebSocketException.class);
            assertThat(error).hasCauseInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("boom went the method");
        }
    }

    @Test
    void closesWith1011WhenAMethodThrowsAndTheServiceHasNoOnError() throws Exception {
        try (var listener = LoopbackListener.start("/ws", request -> new Throwing());
             var raw = RawWebSocket.connect(listener.port(), "/ws")) {
            raw.sendText("boom");
            RawWebSocket.Frame close = raw.readFrame();
            assertThat(close.opcode()).isEqualTo(RawWebSocket.OP_CLOSE);
            assertThat(close.closeCode()).isEqualTo(1011);
            assertThat(close.closeReason()).isEqualTo(CloseFrame.INTERNAL_SERVER_ERROR.reason());
            raw.sendClose(1011, "");
            assertThat(raw.awaitTcpClose(Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void keepsTheListenerAndOtherConnectionsWorkingWhenOneConnectionsMethodThrows() throws Exception {
        try (var listener = LoopbackListener.start("/ws", request -> new Throwing());
             var failing = RawWebSocket.connect(listener.port(), "/ws");
             var bystander = RawWebSocket.connect(listener.port(), "/ws")) {
            failing.sendText("boom");
            assertThat(failing.readFrame().closeCode()).isEqualTo(1011);
            bystander.sendText("still fine?");
            assertThat(bystander.readFrame().text()).isEqualTo("echo:still fine?");
            try (var newcomer = RawWebSocket.connect(listener.port(), "/ws")) {
                newcomer.sendText("hello");
                assertThat(newcomer.readFrame().text()).isEqualTo("echo:hello");
            }
        }
    }

    @Test
    void closesWith1011WhenOnErrorThrows() throws Exception {
        try (var listener = LoopbackListener.start("/ws", request -> new ThrowingInOnError());
             var raw = RawWebSocket.connect(listener.port(), "/ws")) {
            raw.sendText("boom");
            assertThat(raw.readFrame().closeCode()).isEqualTo(1011);
        }
    }

    @Test
    void closesWithTheCloseFrameOnErrorReturns() throws Exception {
        try (var listener = LoopbackListener.start("/ws", request -> new ClosingInOnError());
             var raw = RawWebSocket.connect(listener.port(), "/ws")) {
            raw.sendText("boom");
            RawWebSocket.Frame close = raw.readFrame();
            assertThat(close.closeCode()).isEqualTo(4500);
            assertThat(close.closeReason()).isEqualTo("failed: boom went the method");
        }
    }

    @Test
    void sendsAnExceptionFromOnOpenToOnErrorAndKeepsTheConnectionOpen() throws Exception {
        try (var listener = LoopbackListener.start("/ws", request -> new FailingOnOpen.WithOnError(service));
             var raw = RawWebSocket.connect(listener.port(), "/ws")) {
            assertThat(service.expect("onError", Throwable.class)).hasMessage("cannot open");
            raw.sendText("open after all?");
            assertThat(raw.readFrame().text()).isEqualTo("echo:open after all?");
        }
    }

    @Test
    void closesWith1011WhenOnOpenThrowsAndTheServiceHasNoOnError() throws Exception {
        try (var listener = LoopbackListener.start("/ws", request -> new FailingOnOpen.WithoutOnError());
             var raw = RawWebSocket.connect(listener.port(), "/ws")) {
            assertThat(raw.readFrame().closeCode()).isEqualTo(1011);
        }
    }
}
