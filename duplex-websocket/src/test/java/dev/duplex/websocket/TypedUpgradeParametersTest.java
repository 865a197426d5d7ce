package dev.duplex.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.websocket.testkit.LoopbackListener;
import dev.duplex.websocket.testkit.RawWebSocket;
import java.io.IOException;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * An upgrade service reads path, query and header parameters as typed values, with the reference's automatic answers:
 * a path parameter that does not convert is a 404, a missing or malformed mandatory query parameter a 400.
 */
class TypedUpgradeParametersTest {
    enum Color { RED, GREEN }

    public static class Quiet implements Service {
    }

    /** Reads typed parameters and echoes them as response headers. */
    private static LoopbackListener typed() {
        LoopbackListener listener = LoopbackListener.start();
        listener.listener().attach("/rooms/{id}/{color}", request -> {
            int id = request.pathParam("id", int.class);
            Color color = request.pathParam("color", Color.class);
            long since = request.queryParam("since", long.class);
            boolean verbose = request.optionalQueryParam("verbose", boolean.class).orElse(false);
            UUID trace = request.header("X-Trace", UUID.class);
            double weight = request.optionalQueryParam("weight", Double.class).orElse(1.0);
            request.addResponseHeader("X-Values", id + " " + color + " " + since + " " + verbose + " " + trace
                    + " " + weight);
            return new Quiet();
        });
        return listener;
    }

    private static RawWebSocket.HttpResponse upgrade(LoopbackListener listener, String path, String trace)
            throws IOException {
        String request = RawWebSocket.upgradeRequest(listener.port(), path);
        if (trace != null) {
            request = request.replace("\r\n\r\n", "\r\nX-Trace: " + trace + "\r\n\r\n");
        }
        return RawWebSocket.http(listener.port(), request);
    }

    private static final String TRACE = "123e4567-e89b-12d3-a456-426614174000";

    @Test
    void readsPathQueryAndHeaderParametersAsTypedValues() throws IOException {
        try (var listener = typed()) {
            var response = upgrade(listener, "/rooms/42/green?since=1700000000000&verbose=true&weight=2.5", TRACE);

            assertThat(response.status()).isEqualTo(101);
            assertThat(response.header("X-Values")).isEqualTo("42 GREEN 1700000000000 true " + TRACE + " 2.5");
        }
    }

    @Test
    void answers404WhenAPathParameterDoesNotConvert() throws IOException {
        try (var listener = typed()) {
            assertThat(upgrade(listener, "/rooms/six/green?since=1", TRACE).status()).isEqualTo(404);
            assertThat(upgrade(listener, "/rooms/6/purple?since=1", TRACE).status()).isEqualTo(404);
        }
    }

    @Test
    void answers400WhenAMandatoryQueryParameterIsMissingOrMalformed() throws IOException {
        try (var listener = typed()) {
            var missing = upgrade(listener, "/rooms/6/red", TRACE);
            assertThat(missing.status()).isEqualTo(400);
            assertThat(missing.body()).contains("since");
            assertThat(upgrade(listener, "/rooms/6/red?since=yesterday", TRACE).status()).isEqualTo(400);
            assertThat(upgrade(listener, "/rooms/6/red?since=1&verbose=maybe", TRACE).status()).isEqualTo(400);
        }
    }

    @Test
    void answers400WhenAMandatoryHeaderIsMissingOrMalformed() throws IOException {
        try (var listener = typed()) {
            assertThat(upgrade(listener, "/rooms/6/red?since=1", null).status()).isEqualTo(400);
            assertThat(upgrade(listener, "/rooms/6/red?since=1", "not-a-uuid").status()).isEqualTo(400);
        }
    }
}
