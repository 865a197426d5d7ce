package dev.duplex.websocket.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duplex.websocket.Caller;
import dev.duplex.websocket.DispatcherConfig;
import dev.duplex.websocket.InvalidHandshakeException;
import dev.duplex.websocket.Service;
import dev.duplex.websocket.ServiceConfig;
import dev.duplex.websocket.UpgradeRequest;
import dev.duplex.websocket.UpgradeService;
import dev.duplex.websocket.WsServiceConfig;
import dev.duplex.websocket.internal.dispatch.ServiceChecks;
import dev.duplex.websocket.internal.dispatch.ServiceModel;
import org.junit.jupiter.api.Test;

/**
 * Mistakes in a service that would otherwise be ignored without a word are refused before the first message: at
 * {@code attach} when the upgrade service declares its service class, else at the first upgrade (a 500). One test per
 * mistake; the message names the method and, for a misspelling, the method that was likely meant.
 */
class ServiceMistakesTest extends ListenerTestBase {
    public static class MisspelledOnTextMessage implements Service {
        public void onTextMesage(String text) {
        }
    }

    public static class SpecMethodInTheWrongCase implements Service {
        public void onclose(int statusCode) {
        }
    }

    public static class LookalikeAnnotatedAsACustomMethod implements Service {
        @DispatcherConfig(dispatcherValue = "pings")
        public void onPings(String text) {
        }
    }

    public static class PrivateOnTextMessage implements Service {
        private void onTextMessage(String text) {
        }
    }

    public static class StaticOnOpen implements Service {
        public static void onOpen(Caller caller) {
        }
    }

    public static class CustomMethods implements Service {
        public void onJoin(String room) {
        }

        public void onLeave(String room) {
        }
    }

    @ServiceConfig(dispatcherKey = "type")
    public static class AnnotatedService implements Service {
        public void onJoin(String room) {
        }
    }

    public static final class UpgradesToCustomMethods implements UpgradeService {
        @Override
        public CustomMethods onUpgrade(UpgradeRequest request) {
            return new CustomMethods();
        }
    }

    public static final class UpgradesToAnAnnotatedService implements UpgradeService {
        @Override
        public AnnotatedService onUpgrade(UpgradeRequest request) {
            return new AnnotatedService();
        }
    }

    private static org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> refused(Class<?> service) {
        return assertThatThrownBy(() -> ServiceModel.of(service)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(service.getName());
    }

    @Test
    void refusesAMisspelledSpecMethodNamingTheMethodItMeant() {
        refused(MisspelledOnTextMessage.class).hasMessageContainingAll("onTextMesage(String)",
                "did you mean onTextMessage?");
    }

    @Test
    void refusesASpecMethodNamedInTheWrongCase() {
        refused(SpecMethodInTheWrongCase.class).hasMessageContainingAll("onclose(int)", "did you mean onClose?");
    }

    @Test
    void acceptsALookalikeNameAnnotatedAsACustomMethod() {
        assertThatCode(() -> ServiceModel.of(LookalikeAnnotatedAsACustomMethod.class)).doesNotThrowAnyException();
    }

    @Test
    void refusesAPrivateSpecMethod() {
        refused(PrivateOnTextMessage.class).hasMessageContainingAll("onTextMessage(String) is private",
                "must be a public instance method");
    }

    @Test
    void refusesAStaticSpecMethod() {
        refused(StaticOnOpen.class).hasMessageContainingAll("onOpen(Caller) is static",
                "must be a public instance method");
    }

    @Test
    void refusesCustomMethodsWithoutADispatcherKeyWhenAttached() {
        assertThatThrownBy(() -> listener.attach("/x", new UpgradesToCustomMethods()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll(CustomMethods.class.getName(), "onJoin", "onLeave", "would never be called",
                        "WsServiceConfig.dispatcherKey");
    }

    public static class CustomMethodsBesideOnTextMessage implements Service {
        public void onJoin(String room) {
        }

        public void onTextMessage(String text) {
        }
    }

    @Test
    void warnsOfCustomMethodsWithoutADispatcherKeyWhenOnTextMessageTakesEveryText() {
        ServiceModel model = ServiceModel.of(CustomMethodsBesideOnTextMessage.class);

        assertThat(ServiceChecks.check(model, WsServiceConfig.DEFAULT, UpgradeService.class)).singleElement()
                .asString().contains("onJoin", "would never be called", "WsServiceConfig.dispatcherKey",
                        "every text goes to onTextMessage");
        assertThat(ServiceChecks.check(model, WsServiceConfig.builder().dispatcherKey("type").build(),
                UpgradeService.class)).isEmpty();
    }

    @Test
    void acceptsCustomMethodsWithADispatcherKey() {
        assertThatCode(() -> listener.attach("/x", new UpgradesToCustomMethods(),
                WsServiceConfig.builder().dispatcherKey("type").build())).doesNotThrowAnyException();
    }

    @Test
    void refusesServiceConfigOnTheServiceClassWhenAttached() {
        assertThatThrownBy(() -> listener.attach("/x", new UpgradesToAnAnnotatedService(),
                WsServiceConfig.builder().dispatcherKey("type").build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll(AnnotatedService.class.getName(), "@ServiceConfig",
                        "only on the upgrade service");
    }

    @Test
    void refusesTheUpgradeWith500WhenALambdaReturnsAServiceWithCustomMethodsButNoDispatcherKey() {
        attach("/lambda", request -> new CustomMethods());

        assertThatThrownBy(() -> connect("/lambda")).isInstanceOf(InvalidHandshakeException.class)
                .satisfies(e -> assertThat(((InvalidHandshakeException) e).status()).isEqualTo(500));
    }

    @Test
    void refusesTheUpgradeWith500WhenALambdaReturnsAServiceCarryingServiceConfig() {
        attach("/lambda", request -> new AnnotatedService(), WsServiceConfig.builder().dispatcherKey("type").build());

        assertThatThrownBy(() -> connect("/lambda")).isInstanceOf(InvalidHandshakeException.class)
                .satisfies(e -> assertThat(((InvalidHandshakeException) e).status()).isEqualTo(500));
    }
}
