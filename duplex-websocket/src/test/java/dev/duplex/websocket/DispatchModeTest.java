package dev.duplex.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.websocket.testkit.EventRecorder;
import dev.duplex.websocket.testkit.LoopbackListener;
import dev.duplex.websocket.testkit.RawWebSocket;
import java.lang.reflect.Method;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@link DispatchMode}: service methods run on a worker (a virtual thread on 21+, a {@code duplex-worker-} thread on
 * 17) unless the service asks for the event loop.
 */
class DispatchModeTest {
    private static final WsServiceConfig ON_THE_EVENT_LOOP =
            WsServiceConfig.builder().dispatchMode(DispatchMode.EVENT_LOOP).build();

    private final EventRecorder service = new EventRecorder();

    /** Records the thread each method runs on. */
    public static class ThreadRecording implements Service {
        private final EventRecorder events;

        public ThreadRecording(EventRecorder events) {
            this.events = events;
        }

        public void onOpen() {
            events.record("onOpen", Thread.currentThread());
        }

        public String onTextMessage(String text) {
            events.record("onTextMessage", Thread.currentThread());
            return text;
        }

        public void onClose() {
            events.record("onClose", Thread.currentThread());
        }
    }

    /** Closes without waiting long on the event loop: the wait happens in the background. */
    public static class ClosingOnTheEventLoop implements Service {
        private final EventRecorder events;

        public ClosingOnTheEventLoop(EventRecorder events) {
            this.events = events;
        }

        public void onTextMessage(Caller caller, String text) {
            caller.close(1000, "bye", Duration.ofSeconds(30));
            events.record("returned");
        }
    }

    @ServiceConfig(dispatchMode = DispatchMode.EVENT_LOOP)
    public static class EventLoopUpgrade implements UpgradeService {
        private final EventRecorder events;

        public EventLoopUpgrade(EventRecorder events) {
            this.events = events;
        }

        @Override
        public Service onUpgrade(UpgradeRequest request) {
            return new ThreadRecording(events);
        }
    }

    @Test
    void runsServiceMethodsOnAWorkerByDefault() throws Exception {
        try (var listener = LoopbackListener.start("/ws", request -> new ThreadRecording(service));
             var raw = RawWebSocket.connect(listener.port(), "/ws")) {
            raw.sendText("which thread?");
            raw.readFrame();
            raw.sendClose(1000, "");
            for (String method : new String[] {"onOpen", "onTextMessage", "onClose"}) {
                Thread thread = service.expect(method, Thread.class);
                assertThat(thread.getName()).as(method).doesNotStartWith("duplex-server");
                if (isVirtual(thread)) {
                    assertThat(Runtime.version().feature()).isGreaterThanOrEqualTo(21);
                } else {
                    assertThat(thread.getName()).as(method).startsWith("duplex-worker-");
                }
            }
        }
    }

    @Test
    void runsServiceMethodsOnTheEventLoopInEventLoopMode() throws Exception {
        try (var listener = LoopbackListener.start("/ws", request -> new ThreadRecording(service), ON_THE_EVENT_LOOP);
             var raw = RawWebSocket.connect(listener.port(), "/ws")) {
            raw.sendText("which thread?");
            assertThat(raw.readFrame().text()).isEqualTo("which thread?");
            raw.sendClose(1000, "");
            for (String method : new String[] {"onOpen", "onTextMessage", "onClose"}) {
                assertThat(service.expect(method, Thread.class).getName()).as(method).startsWith("duplex-server");
            }
        }
    }

    @Test
    void takesTheDispatchModeFromTheUpgradeServicesAnnotation() throws Exception {
        try (var listener = LoopbackListener.start()) {
            listener.listener().attach("/ws", new EventLoopUpgrade(service));
            try (var raw = RawWebSocket.connect(listener.port(), "/ws")) {
                assertThat(service.expect("onOpen", Thread.class).getName()).startsWith("duplex-server");
            }
        }
    }

    @Test
    void runsTheUpgradeServiceOfAnEventLoopServiceOnTheEventLoop() throws Exception {
        UpgradeService recordingUpgrade = request -> {
            service.record("onUpgrade", Thread.currentThread());
            return new ThreadRecording(service);
        };
        try (var listener = LoopbackListener.start("/ws", recordingUpgrade, ON_THE_EVENT_LOOP);
             var raw = RawWebSocket.connect(listener.port(), "/ws")) {
            assertThat(service.expect("onUpgrade", Thread.class).getName()).startsWith("duplex-server");
        }
    }

    @Test
    void runsAnEventLoopServicesAuthenticatorsAndUpgradeServiceOnAWorkerBecauseAuthenticatorsMayBlock()
            throws Exception {
        ListenerAuthConfig anyone = new ListenerAuthConfig() {
            @Override
            public java.util.List<String> scopes() {
                return java.util.List.of();
            }

            @Override
            public Authenticator newAuthenticator() {
                return new Authenticator() {
                    @Override
                    public AuthenticatedPrincipal authenticate(UpgradeRequest request) {
                        service.record("authenticate", Thread.currentThread());
                        return new AuthenticatedPrincipal("anyone", java.util.Set.of(), java.util.Map.of());
                    }

                    @Override
                    public String challenge() {
                        return "Basic realm=\"test\"";
                    }
                };
            }
        };
        UpgradeService recordingUpgrade = request -> {
            service.record("onUpgrade", Thread.currentThread());
            return new ThreadRecording(service);
        };
        var config = ON_THE_EVENT_LOOP.toBuilder().auth(java.util.List.of(anyone)).build();
        try (var listener = LoopbackListener.start("/ws", recordingUpgrade, config);
             var raw = RawWebSocket.connect(listener.port(), "/ws")) {
            assertThat(service.expect("authenticate", Thread.class).getName()).doesNotStartWith("duplex-server");
            assertThat(service.expect("onUpgrade", Thread.class).getName()).doesNotStartWith("duplex-server");
            assertThat(service.expect("onOpen", Thread.class).getName()).startsWith("duplex-server");
        }
    }

    @Test
    void closeOnTheEventLoopReturnsAtOnceAndWaitsForThePeerInTheBackground() throws Exception {
        try (var listener = LoopbackListener.start("/ws", request -> new ClosingOnTheEventLoop(service),
                ON_THE_EVENT_LOOP);
             var raw = RawWebSocket.connect(listener.port(), "/ws")) {
            raw.sendText("close");
            assertThat(raw.readFrame().closeCode()).isEqualTo(1000);
            service.expect("returned");
            assertThat(raw.awaitTcpClose(Duration.ofMillis(100))).as("still waiting for the peer's answer")
                    .isFalse();
            raw.sendClose(1000, "");
            assertThat(raw.awaitTcpClose(Duration.ofSeconds(5))).isTrue();
        }
    }

    private static boolean isVirtual(Thread thread) {
        try {
            Method isVirtual = Thread.class.getMethod("isVirtual");
            return (boolean) isVirtual.invoke(thread);
        } catch (ReflectiveOperationException beforeJdk21) {
            return false;
        }
    }
}
