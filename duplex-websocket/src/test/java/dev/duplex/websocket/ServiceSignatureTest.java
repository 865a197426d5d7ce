package dev.duplex.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duplex.websocket.internal.dispatch.ServiceModel;
import dev.duplex.websocket.testkit.LoopbackListener;
import dev.duplex.websocket.testkit.RawWebSocket;
import org.junit.jupiter.api.Test;

/**
 * Spec §3.2.1: the remote methods are found by name and their signatures checked when the service class is first seen
 * (at {@code attach} when the upgrade service declares the class, else at the first upgrade); a wrong shape is refused
 * with a message naming the method and the signatures accepted.
 */
class ServiceSignatureTest {

    // ---- accepted shapes ----

    public static class EveryMethodWithTheCaller implements Service {
        public void onOpen(Caller caller) { }
        public String onTextMessage(Caller caller, String text) { return text; }
        public byte[] onBinaryMessage(Caller caller, byte[] data) { return data; }
        public byte[] onPing(Caller caller, byte[] data) { return data; }
        public void onPong(Caller caller, byte[] data) { }
        public CloseFrame onIdleTimeout(Caller caller) { return CloseFrame.NORMAL_CLOSURE; }
        public void onClose(Caller caller, int statusCode, String reason) { }
        public CloseFrame onError(Caller caller, Throwable error) { return null; }
    }

    public static class EveryMethodWithoutTheCaller implements Service {
        public void onOpen() { }
        public void onTextMessage(String text) { }
        public void onBinaryMessage(byte[] data) { }
        public void onPing(byte[] data) { }
        public void onPong(byte[] data) { }
        public void onIdleTimeout() { }
        public void onClose(int statusCode, String reason) { }
        public void onError(Throwable error) { }
    }

    public static class NoMethods implements Service {
    }

    public static class OnCloseWithCallerOnly implements Service {
        public void onClose(Caller caller) { }
    }

    public static class OnCloseWithCodeOnly implements Service {
        public void onClose(Caller caller, int statusCode) { }
    }

    public static class OnCloseWithNothing implements Service {
        public void onClose() { }
    }

    public static class OnErrorTakingException implements Service {
        public void onError(Exception error) { }
    }

    public static class OnErrorTakingWebSocketException implements Service {
        public void onError(Caller caller, WebSocketException error) { }
    }

    @Test
    void acceptsEveryRemoteMethodWithTheCallerParameter() {
        assertThatCode(() -> ServiceModel.of(EveryMethodWithTheCaller.class)).doesNotThrowAnyException();
    }

    @Test
    void acceptsEveryRemoteMethodWithoutTheCallerParameter() {
        assertThatCode(() -> ServiceModel.of(EveryMethodWithoutTheCaller.class)).doesNotThrowAnyException();
    }

    @Test
    void acceptsAServiceWithNoRemoteMethods() {
        assertThatCode(() -> ServiceModel.of(NoMethods.class)).doesNotThrowAnyException();
    }

    @Test
    void acceptsOnCloseWithoutTheCodeAndReasonParameters() {
        assertThatCode(() -> {
            ServiceModel.of(OnCloseWithCallerOnly.class);
            ServiceModel.of(OnCloseWithCodeOnly.class);
            ServiceModel.of(OnCloseWithNothing.class);
        }).doesNotThrowAnyException();
    }

    @Test
    void acceptsOnErrorDeclaredWithExceptionOrWebSocketException() {
        assertThatCode(() -> {
            ServiceModel.of(OnErrorTakingException.class);
            ServiceModel.of(OnErrorTakingWebSocketException.class);
        }).doesNotThrowAnyException();
    }

    // ---- refused shapes: one test each ----

    public static class OnTextMessageTakingBytes implements Service {
        public void onTextMessage(Caller caller, byte[] text) { }
    }

    public static class OnBinaryMessageTakingString implements Service {
        public void onBinaryMessage(Caller caller, String data) { }
    }

    public static class OnTextMessageWithTheCallerLast implements Service {
        public void onTextMessage(String text, Caller caller) { }
    }

    public static class OnOpenWithAnExtraParameter implements Service {
        public void onOpen(Caller caller, String extra) { }
    }

    public static class OnCloseWithReasonBeforeCode implements Service {
        public void onClose(Caller caller, String reason, int statusCode) { }
    }

    public static class OnErrorTakingString implements Service {
        public void onError(Caller caller, String error) { }
    }

    public static class TwoOnTextMessages implements Service {
        public void onTextMessage(Caller caller, String text) { }

        public void onTextMessage(String text) { }
    }

    public static class OnPongReturningAValue implements Service {
        public byte[] onPong(Caller caller, byte[] data) { return data; }
    }

    public static class OnPingReturningString implements Service {
        public String onPing(Caller caller, byte[] data) { return "pong"; }
    }

    public static class OnCloseReturningAValue implements Service {
        public String onClose(Caller caller, int statusCode, String reason) { return reason; }
    }

    public static class OnIdleTimeoutReturningString implements Service {
        public String onIdleTimeout(Caller caller) { return "idle"; }
    }

    public static class OnMessageWithOnTextMessage implements Service {
        public void onMessage(Caller caller, String text) { }

        public void onTextMessage(Caller caller, String text) { }
    }

    @Test
    void refusesOnTextMessageTakingAnotherTypeThanString() {
        assertRefused(OnTextMessageTakingBytes.class, "onTextMessage(Caller, byte[])",
                "onTextMessage(String) or onTextMessage(Caller, String)");
    }

    @Test
    void refusesOnBinaryMessageTakingAnotherTypeThanByteArray() {
        assertRefused(OnBinaryMessageTakingString.class, "onBinaryMessage(Caller, String)",
                "onBinaryMessage(byte[]) or onBinaryMessage(Caller, byte[])");
    }

    @Test
    void refusesTheCallerAnywhereButFirst() {
        assertRefused(OnTextMessageWithTheCallerLast.class, "onTextMessage(String, Caller)",
                "onTextMessage(Caller, String)");
    }

    @Test
    void refusesOnOpenWithAnExtraParameter() {
        assertRefused(OnOpenWithAnExtraParameter.class, "onOpen(Caller, String)", "onOpen() or onOpen(Caller)");
    }

    @Test
    void refusesOnCloseWithTheReasonBeforeTheCode() {
        assertRefused(OnCloseWithReasonBeforeCode.class, "onClose(Caller, String, int)",
                "onClose(Caller, int, String)");
    }

    @Test
    void refusesOnErrorTakingAnotherTypeThanAnException() {
        assertRefused(OnErrorTakingString.class, "onError(Caller, String)",
                "onError(Caller, Throwable)", "onError(Exception)", "onError(WebSocketException)");
    }

    @Test
    void refusesTwoMethodsWithOneName() {
        assertRefused(TwoOnTextMessages.class, "more than one method is named onTextMessage",
                "onTextMessage(Caller, String)", "onTextMessage(String)");
    }

    @Test
    void refusesOnPongReturningAValue() {
        assertRefused(OnPongReturningAValue.class, "onPong(Caller, byte[]) returns byte[]", "must return void");
    }

    @Test
    void refusesOnPingReturningString() {
        assertRefused(OnPingReturningString.class, "onPing(Caller, byte[]) returns String",
                "void or byte[] (the pong to send)");
    }

    @Test
    void refusesOnCloseReturningAValue() {
        assertRefused(OnCloseReturningAValue.class, "onClose(Caller, int, String) returns String",
                "must return void");
    }

    @Test
    void refusesOnIdleTimeoutReturningAnythingButACloseFrame() {
        assertRefused(OnIdleTimeoutReturningString.class, "onIdleTimeout(Caller) returns String",
                "void or CloseFrame");
    }

    @Test
    void refusesOnMessageTogetherWithOnTextMessage() {
        assertRefused(OnMessageWithOnTextMessage.class, "onMessage cannot be declared together with onTextMessage");
    }

    @Test
    void refusesTheSameWrongClassEveryTimeItIsSeen() {
        assertRefused(OnPongReturningAValue.class, "onPong");
        assertRefused(OnPongReturningAValue.class, "onPong");
    }

    private static void assertRefused(Class<?> serviceClass, String... messageParts) {
        assertThatThrownBy(() -> ServiceModel.of(serviceClass))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(serviceClass.getName())
                .hasMessageContainingAll(messageParts);
    }

    // ---- through Listener.attach ----

    /** An upgrade service class whose onUpgrade declares the concrete service class it returns. */
    public static class UpgradesToAWrongService implements UpgradeService {
        @Override
        public OnPingReturningString onUpgrade(UpgradeRequest request) {
            return new OnPingReturningString();
        }
    }

    public static class UpgradesToAGoodService implements UpgradeService {
        @Override
        public EveryMethodWithTheCaller onUpgrade(UpgradeRequest request) {
            return new EveryMethodWithTheCaller();
        }
    }

    @Test
    void refusesToAttachAnUpgradeServiceWhoseDeclaredServiceClassHasAWrongSignature() throws Exception {
        try (var listener = LoopbackListener.start()) {
            assertThatThrownBy(() -> listener.listener().attach("/ws", new UpgradesToAWrongService()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContainingAll(OnPingReturningString.class.getName(),
                            "onPing(Caller, byte[]) returns String", "void or byte[]");
            assertThat(RawWebSocket.http(listener.port(), upgradeRequest(listener.port(), "/ws")).status())
                    .as("nothing was attached").isEqualTo(404);
        }
    }

    @Test
    void attachesAnUpgradeServiceWhoseDeclaredServiceClassIsValid() throws Exception {
        try (var listener = LoopbackListener.start()) {
            listener.listener().attach("/ws", new UpgradesToAGoodService());
            try (var raw = RawWebSocket.connect(listener.port(), "/ws")) {
                raw.sendText("hello");
                assertThat(raw.readFrame().text()).isEqualTo("hello");
            }
        }
    }

    @Test
    void refusesTheUpgradeWith500WhenALambdaReturnsAServiceWithAWrongSignatureAndKeepsServing() throws Exception {
        try (var listener = LoopbackListener.start("/wrong", request -> new OnPingReturningString())) {
            listener.listener().attach("/good", request -> new EveryMethodWithTheCaller());
            assertThat(RawWebSocket.http(listener.port(), upgradeRequest(listener.port(), "/wrong")).status())
                    .isEqualTo(500);
            try (var raw = RawWebSocket.connect(listener.port(), "/good")) {
                raw.sendText("still serving");
                assertThat(raw.readFrame().text()).isEqualTo("still serving");
            }
        }
    }

    private static String upgradeRequest(int port, String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n";
    }
}
