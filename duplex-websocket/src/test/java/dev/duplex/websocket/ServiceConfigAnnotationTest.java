package dev.duplex.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duplex.websocket.testkit.RawWebSocket;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code @ServiceConfig} on the upgrade service class (spec §3.1.1) sets the service's configuration, and a
 * {@link WsServiceConfig} passed to {@link Listener#attach(String, UpgradeService, WsServiceConfig)} takes its place.
 */
class ServiceConfigAnnotationTest {
    private Listener listener;
    private int port;

    /** Echoes text messages back. */
    public static class Echo implements Service {
        public String onTextMessage(String text) {
            return text;
        }
    }

    /** Allows frames of at most 16 bytes by annotation. */
    @ServiceConfig(maxFrameSize = 16)
    public static class SixteenByteFrames implements UpgradeService {
        @Override
        public Service onUpgrade(UpgradeRequest request) {
            return new Echo();
        }
    }

    /** An annotation with a closure timeout the spec refuses. */
    @ServiceConfig(connectionClosureTimeout = -2)
    public static class BadClosureTimeout implements UpgradeService {
        @Override
        public Service onUpgrade(UpgradeRequest request) {
            return new Echo();
        }
    }

    @BeforeEach
    void startListener() {
        listener = new Listener(0, ListenerConfiguration.builder().host("127.0.0.1")
                .timeout(Duration.ofSeconds(5)).build());
        listener.start();
        port = listener.getPort();
    }

    @AfterEach
    void stopListener() {
        listener.immediateStop();
    }

    @Test
    void theAnnotatedMaxFrameSizeClosesTheConnectionWith1009OnALargerFrame() throws IOException {
        listener.attach("/ws", new SixteenByteFrames());

        try (RawWebSocket ws = RawWebSocket.connect(port, "/ws")) {
            ws.sendText("seventeen bytes!!");

            RawWebSocket.Frame close = ws.readUntilClose();
            assertThat(close.closeCode()).isEqualTo(1009);
        }
    }

    @Test
    void theAnnotatedMaxFrameSizeAcceptsAFrameOfExactlyThatSize() throws IOException {
        listener.attach("/ws", new SixteenByteFrames());

        try (RawWebSocket ws = RawWebSocket.connect(port, "/ws")) {
            ws.sendText("sixteen bytes!!!");

            assertThat(ws.readFrame().text()).isEqualTo("sixteen bytes!!!");
        }
    }

    @Test
    void aWsServiceConfigPassedToAttachTakesThePlaceOfTheAnnotation() throws IOException {
        listener.attach("/ws", new SixteenByteFrames(), WsServiceConfig.DEFAULT);

        try (RawWebSocket ws = RawWebSocket.connect(port, "/ws")) {
            ws.sendText("seventeen bytes!!");

            assertThat(ws.readFrame().text()).isEqualTo("seventeen bytes!!");
        }
    }

    @Test
    void attachFailsNamingTheFieldWhenTheAnnotationHoldsAnInvalidValue() {
        assertThatThrownBy(() -> listener.attach("/ws", new BadClosureTimeout()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("connectionClosureTimeout");
    }

    @Test
    void aLambdaUpgradeServiceGetsTheDefaults() throws IOException {
        listener.attach("/ws", request -> new Echo());
        String large = "x".repeat(WsServiceConfig.DEFAULT_MAX_FRAME_SIZE);

        try (RawWebSocket ws = RawWebSocket.connect(port, "/ws")) {
            ws.sendText(large);

            assertThat(ws.readFrame().text()).isEqualTo(large);
        }
    }
}
