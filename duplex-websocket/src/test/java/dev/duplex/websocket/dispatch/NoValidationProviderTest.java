package dev.duplex.websocket.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.duplex.websocket.Caller;
import dev.duplex.websocket.Client;
import dev.duplex.websocket.JacksonCodec;
import dev.duplex.websocket.Service;
import dev.duplex.websocket.binding.Payloads.Order;
import dev.duplex.websocket.internal.binding.BeanValidation;
import dev.duplex.websocket.internal.binding.MessageBinder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Without a Bean Validation provider, no validation and no error. Runs in its own surefire execution
 * ({@code no-validation-provider} in the module's pom), whose class path lacks Hibernate Validator but keeps the
 * {@code jakarta.validation} API and the constraint annotations on {@link Order}.
 */
class NoValidationProviderTest extends ListenerTestBase {
    @BeforeEach
    void onlyWithoutAProvider() {
        boolean providerPresent;
        try {
            Class.forName("org.hibernate.validator.HibernateValidator");
            providerPresent = true;
        } catch (ClassNotFoundException absent) {
            providerPresent = false;
        }
        assumeTrue(!providerPresent, "runs only in the no-validation-provider surefire execution");
    }

    public static class OrderService implements Service {
        public String onMessage(Caller caller, Order order) {
            return "ordered " + order.quantity() + " '" + order.item() + "'";
        }

        public void onError(Caller caller, Throwable error) {
            caller.writeTextMessage("onError " + error);
        }
    }

    public static class EchoService implements Service {
        public String onTextMessage(String text) {
            return text;
        }
    }

    @Test
    void theValidationApiIsPresentButNoProvider() throws Exception {
        assertThat(Class.forName("jakarta.validation.Validation")).isNotNull();
        assertThat(BeanValidation.available()).isFalse();
    }

    @Test
    void bindsAValueThatBreaksItsConstraintsWithoutAnError() {
        MessageBinder binder = new MessageBinder(JacksonCodec.DEFAULT, true);

        assertThat(binder.fromText("{\"item\":\"\",\"quantity\":0}", Order.class)).isEqualTo(new Order("", 0));
    }

    @Test
    void givesTheServiceAValueThatBreaksItsConstraints() {
        attach("/o", request -> new OrderService());
        Client client = connect("/o");

        client.writeTextMessage("{\"item\":\"\",\"quantity\":0}");

        assertThat(client.readTextMessage()).isEqualTo("ordered 0 ''");
    }

    @Test
    void readsAValueThatBreaksItsConstraintsOnTheClient() {
        attach("/echo", request -> new EchoService());
        Client client = connect("/echo");

        client.writeTextMessage("{\"item\":\"\",\"quantity\":-1}");

        assertThat(client.readMessage(Order.class)).isEqualTo(new Order("", -1));
    }
}
