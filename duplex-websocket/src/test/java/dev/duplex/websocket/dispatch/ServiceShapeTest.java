package dev.duplex.websocket.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duplex.websocket.Caller;
import dev.duplex.websocket.Client;
import dev.duplex.websocket.DataBindingException;
import dev.duplex.websocket.DispatcherConfig;
import dev.duplex.websocket.InvalidHandshakeException;
import dev.duplex.websocket.Service;
import dev.duplex.websocket.ServiceConfig;
import dev.duplex.websocket.UpgradeRequest;
import dev.duplex.websocket.UpgradeService;
import dev.duplex.websocket.WsServiceConfig;
import dev.duplex.websocket.binding.Payloads.Order;
import dev.duplex.websocket.internal.dispatch.ServiceModel;
import org.junit.jupiter.api.Test;

/**
 * Service shapes that cannot work are refused before the first message: when the service is attached (for an
 * upgrade service that declares its service class), or at the upgrade otherwise. One test per illegal shape.
 */
class ServiceShapeTest extends ListenerTestBase {
    public static class OnMessageWithOnTextMessage implements Service {
        public void onMessage(Order order) {
        }

        public void onTextMessage(String text) {
        }
    }

    public static class OnMessageWithOnBinaryMessage implements Service {
        public void onMessage(Order order) {
        }

        public void onBinaryMessage(byte[] data) {
        }
    }

    public static class DuplicateDispatcherValues implements Service {
        @DispatcherConfig(dispatcherValue = "subscribe")
        public void onSubscribeA(Order order) {
        }

        @DispatcherConfig(dispatcherValue = "subscribe")
        public void onSubscribeB(Order order) {
        }
    }

    public static class AnnotatedOnOpen implements Service {
        @DispatcherConfig(dispatcherValue = "open")
        public void onOpen(Caller caller) {
        }
    }

    public static class AnnotatedOnMessage implements Service {
        @DispatcherConfig(dispatcherValue = "message")
        public void onMessage(String text) {
        }
    }

    public static class AnnotatedOnTextMessage implements Service {
        @DispatcherConfig(dispatcherValue = "text")
        public void onTextMessage(String text) {
        }
    }

    public static class AnnotatedOnError implements Service {
        @DispatcherConfig(dispatcherValue = "error")
        public void onError(Throwable error) {
        }
    }

    /** "subscribe" would go to onSubscribe by name, but the annotation sends it elsewhere. */
    public static class ValueWhoseConventionalMethodIsAnother implements Service {
        public void onSubscribe(Order order) {
        }

        @DispatcherConfig(dispatcherValue = "subscribe")
        public void onSubscribeMessage(Order order) {
        }
    }

    public static class OverloadedCustomMethod implements Service {
        public void onOrder(Order order) {
        }

        public void onOrder(Caller caller, String text) {
        }
    }

    public static class CustomMethodWithTwoPayloads implements Service {
        public void onOrder(Order order, String extra) {
        }
    }

    public static class CustomMethodTakingOnlyCaller implements Service {
        public void onOrder(Caller caller) {
        }
    }

    public static class ErrorMethodWithAWrongParameter implements Service {
        public void onOrder(Order order) {
        }

        public void onOrderError(Order order) {
        }
    }

    public static class ErrorMethodReturningAValue implements Service {
        public void onOrder(Order order) {
        }

        public String onOrderError(DataBindingException error) {
            return "";
        }
    }

    /** The legal shapes, for contrast. */
    public static class EveryLegalShape implements Service {
        public void onMessage(Caller caller, Order order) {
        }

        public void onMessageError(Caller caller, DataBindingException error) {
        }

        public String onHeartbeat(String text) {
            return text;
        }

        public void onHeartbeatError(Throwable error) {
        }

        @DispatcherConfig(dispatcherValue = "subscribe")
        public Order onSubscribeMessage(Caller caller, Order order) {
            return order;
        }

        public void onSubscribeMessageError(Exception error) {
        }

        public void onError(Caller caller, Throwable error) {
        }
    }

    public static final class TypedUpgrade implements UpgradeService {
        @Override
        public OnMessageWithOnTextMessage onUpgrade(UpgradeRequest request) {
            return new OnMessageWithOnTextMessage();
        }
    }

    public static final class TypedDuplicateUpgrade implements UpgradeService {
        @Override
        public DuplicateDispatcherValues onUpgrade(UpgradeRequest request) {
            return new DuplicateDispatcherValues();
        }
    }

    @ServiceConfig(dispatcherStreamId = "id")
    public static final class StreamIdWithoutKeyUpgrade implements UpgradeService {
        @Override
        public EveryLegalShape onUpgrade(UpgradeRequest request) {
            return new EveryLegalShape();
        }
    }

    private static org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> refused(Class<?> service) {
        return assertThatThrownBy(() -> ServiceModel.of(service)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(service.getName());
    }

    @Test
    void refusesOnMessageTogetherWithOnTextMessageWhenAttached() {
        assertThatThrownBy(() -> listener.attach("/x", new TypedUpgrade()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("onMessage cannot be declared together with onTextMessage");
    }

    @Test
    void refusesOnMessageTogetherWithOnBinaryMessage() {
        refused(OnMessageWithOnBinaryMessage.class).hasMessageContaining("onBinaryMessage");
    }

    @Test
    void refusesTwoMethodsWithOneDispatcherValueWhenAttached() {
        assertThatThrownBy(() -> listener.attach("/x", new TypedDuplicateUpgrade(),
                WsServiceConfig.builder().dispatcherKey("event").build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"subscribe\"")
                .hasMessageContaining("onSubscribeA")
                .hasMessageContaining("onSubscribeB");
    }

    @Test
    void refusesDispatcherConfigOnOnOpen() {
        refused(AnnotatedOnOpen.class).hasMessageContaining("@DispatcherConfig cannot be placed on onOpen");
    }

    @Test
    void refusesDispatcherConfigOnOnMessage() {
        refused(AnnotatedOnMessage.class).hasMessageContaining("onMessage");
    }

    @Test
    void refusesDispatcherConfigOnOnTextMessage() {
        refused(AnnotatedOnTextMessage.class).hasMessageContaining("onTextMessage");
    }

    @Test
    void refusesDispatcherConfigOnOnError() {
        refused(AnnotatedOnError.class).hasMessageContaining("onError");
    }

    @Test
    void refusesADispatcherValueWhoseConventionalMethodIsAnotherMethod() {
        refused(ValueWhoseConventionalMethodIsAnother.class)
                .hasMessageContaining("onSubscribeMessage")
                .hasMessageContaining("onSubscribe would receive it by name");
    }

    @Test
    void refusesTwoCustomMethodsWithOneName() {
        refused(OverloadedCustomMethod.class).hasMessageContaining("more than one method is named onOrder");
    }

    @Test
    void refusesACustomMethodWithTwoPayloadParameters() {
        refused(CustomMethodWithTwoPayloads.class).hasMessageContaining("onOrder(Order, String)");
    }

    @Test
    void refusesACustomMethodWithoutAPayloadParameter() {
        refused(CustomMethodTakingOnlyCaller.class).hasMessageContaining("onOrder(Caller)");
    }

    @Test
    void refusesAnErrorMethodThatTakesNoException() {
        refused(ErrorMethodWithAWrongParameter.class).hasMessageContaining("onOrderError(Order)");
    }

    @Test
    void refusesAnErrorMethodReturningSomethingButACloseFrame() {
        refused(ErrorMethodReturningAValue.class).hasMessageContaining("void or CloseFrame");
    }

    @Test
    void acceptsEveryLegalShape() {
        assertThatCode(() -> ServiceModel.of(EveryLegalShape.class)).doesNotThrowAnyException();
        assertThat(ServiceModel.of(EveryLegalShape.class).messageMethods())
                .containsOnlyKeys("onMessage", "onHeartbeat", "onSubscribeMessage");
    }

    @Test
    void refusesADispatcherStreamIdWithoutADispatcherKey() {
        assertThatThrownBy(() -> WsServiceConfig.builder().dispatcherStreamId("id").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("requires dispatcherKey");
    }

    @Test
    void refusesAServiceConfigAnnotationWithAStreamIdButNoKeyWhenAttached() {
        assertThatThrownBy(() -> listener.attach("/x", new StreamIdWithoutKeyUpgrade()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("requires dispatcherKey");
    }

    @Test
    void refusesTheUpgradeWith500WhenAServiceReturnedByALambdaIsIllegal() {
        attach("/lambda", request -> new OnMessageWithOnTextMessage());

        assertThatThrownBy(() -> connect("/lambda")).isInstanceOf(InvalidHandshakeException.class)
                .satisfies(e -> assertThat(((InvalidHandshakeException) e).status()).isEqualTo(500));
    }

    @Test
    void acceptsAConnectionToALegalService() {
        attach("/ok", request -> new EveryLegalShape(), WsServiceConfig.builder().dispatcherKey("event").build());

        Client client = connect("/ok");

        client.writeTextMessage("{\"event\":\"heartbeat\"}");
        assertThat(client.readTextMessage()).isEqualTo("{\"event\":\"heartbeat\"}");
    }
}
