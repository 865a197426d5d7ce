package dev.duplex.websocket.auth;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duplex.websocket.Client;
import dev.duplex.websocket.ClientAuthConfig;
import dev.duplex.websocket.ClientConfiguration;
import dev.duplex.websocket.InvalidHandshakeException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/** Connects our client to a {@link SecuredListener} and reports what happened. */
public final class Peers {
    private Peers() {
    }

    public static ClientConfiguration.Builder configuration() {
        return ClientConfiguration.builder().readTimeout(Duration.ofSeconds(10))
                .handShakeTimeout(Duration.ofSeconds(10));
    }

    /** Connects with {@code auth}, asks "who am I?", and returns the answer ("name scope1,scope2"). */
    public static String whoAmI(String url, ClientAuthConfig auth) {
        return whoAmI(url, configuration().auth(auth).build());
    }

    public static String whoAmI(String url, ClientConfiguration configuration) {
        try (Client client = new Client(url, configuration)) {
            client.writeTextMessage("who am I?");
            return client.readTextMessage();
        }
    }

    /** Connects with {@code auth} expecting a refusal, and returns it. */
    public static InvalidHandshakeException refusal(String url, ClientAuthConfig auth) {
        return refusal(url, configuration().auth(auth).build());
    }

    public static InvalidHandshakeException refusal(String url, ClientConfiguration configuration) {
        AtomicReference<InvalidHandshakeException> refusal = new AtomicReference<>();
        assertThatThrownBy(() -> new Client(url, configuration).close())
                .isInstanceOfSatisfying(InvalidHandshakeException.class, refusal::set);
        return refusal.get();
    }
}
