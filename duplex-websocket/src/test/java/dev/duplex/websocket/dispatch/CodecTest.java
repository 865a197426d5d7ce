package dev.duplex.websocket.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duplex.websocket.Client;
import dev.duplex.websocket.ClientConfiguration;
import dev.duplex.websocket.DataBindingException;
import dev.duplex.websocket.JacksonCodec;
import dev.duplex.websocket.MessageCodec;
import dev.duplex.websocket.Service;
import dev.duplex.websocket.WsServiceConfig;
import dev.duplex.websocket.binding.Payloads.Order;
import java.lang.reflect.Type;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/** The codec is pluggable: through {@code WsServiceConfig.codec} and {@code ClientConfiguration.codec}. */
class CodecTest extends ListenerTestBase {
    public record Point(int x, int y) {
    }

    /** A hand-written codec that knows one type, "x,y" in place of JSON. */
    static final class PointCodec implements MessageCodec {
        @Override
        public Object decode(String text, Type type) {
            if (type != Point.class) {
                throw new IllegalArgumentException("PointCodec binds only Point, not " + type);
            }
            String[] parts = text.split(",");
            return new Point(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
        }

        @Override
        public String encode(Object value) {
            Point point = (Point) value;
            return point.x() + "," + point.y();
        }
    }

    /** Counts the calls to the codec it wraps. */
    static final class CountingCodec implements MessageCodec {
        final AtomicInteger decodes = new AtomicInteger();
        final AtomicInteger encodes = new AtomicInteger();
        private final MessageCodec delegate;

        CountingCodec(MessageCodec delegate) {
            this.delegate = delegate;
        }

        @Override
        public Object decode(String json, Type type) throws Exception {
            decodes.incrementAndGet();
            return delegate.decode(json, type);
        }

        @Override
        public String encode(Object value) throws Exception {
            encodes.incrementAndGet();
            return delegate.encode(value);
        }
    }

    /** Mirrors a point. */
    public static class PointService implements Service {
        public Point onMessage(Point point) {
            return new Point(point.y(), point.x());
        }
    }

    /** Answers an order with an order, and a string with a string. */
    public static class OrderService implements Service {
        public Object onMessage(Object message) {
            return message instanceof String text && text.startsWith("{") ? new Order("tea", 2) : message;
        }
    }

    public record Shipment(String trackingCode, int parcelCount) {
    }

    public static class EchoService implements Service {
        public String onMessage(String text) {
            return text;
        }
    }

    public static class TypedOrderService implements Service {
        public Order onMessage(Order order) {
            return new Order(order.item(), order.quantity() + 1);
        }
    }

    @Test
    void usesTheServicesCodecInBothDirections() {
        attach("/p", request -> new PointService(), WsServiceConfig.builder().codec(new PointCodec()).build());
        Client client = connect("/p");

        client.writeTextMessage("1, 2");

        assertThat(client.readTextMessage()).isEqualTo("2,1");
    }

    @Test
    void usesTheClientsCodecInBothDirections() {
        attach("/p", request -> new PointService(), WsServiceConfig.builder().codec(new PointCodec()).build());
        Client client = connect("/p", ClientConfiguration.builder().codec(new PointCodec()));

        client.writeMessage(new Point(3, 4));

        assertThat(client.readMessage(Point.class)).isEqualTo(new Point(4, 3));
    }

    @Test
    void reportsAFailureOfTheCodecAsADataBindingExceptionWithItsCause() {
        attach("/p", request -> new PointService(), WsServiceConfig.builder().codec(new PointCodec()).build());
        Client client = connect("/p", ClientConfiguration.builder().codec(new PointCodec()));
        client.writeMessage(new Point(3, 4));

        assertThatThrownBy(() -> client.readMessage(Order.class)).isInstanceOf(DataBindingException.class)
                .hasCauseInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PointCodec binds only Point");
    }

    @Test
    void sharesOneCodecAmongAServicesConnections() {
        CountingCodec counting = new CountingCodec(JacksonCodec.DEFAULT);
        attach("/o", request -> new TypedOrderService(), WsServiceConfig.builder().codec(counting).build());
        Client first = connect("/o");
        Client second = connect("/o");

        first.writeTextMessage("{\"item\":\"tea\",\"quantity\":1}");
        second.writeTextMessage("{\"item\":\"jam\",\"quantity\":1}");

        assertThat(first.readTextMessage()).isEqualTo("{\"item\":\"tea\",\"quantity\":2}");
        assertThat(second.readTextMessage()).isEqualTo("{\"item\":\"jam\",\"quantity\":2}");
        assertThat(counting.decodes).hasValue(2);
        assertThat(counting.encodes).hasValue(2);
    }

    @Test
    void neverAsksTheCodecForStringsBytesOrTheRawMessage() {
        CountingCodec counting = new CountingCodec(JacksonCodec.DEFAULT);
        attach("/o", request -> new OrderService(), WsServiceConfig.builder().codec(counting).build());
        CountingCodec clientCounting = new CountingCodec(JacksonCodec.DEFAULT);
        Client client = connect("/o", ClientConfiguration.builder().codec(clientCounting));

        client.writeMessage("plain");
        client.writeMessage(new byte[] {1});

        assertThat(client.readMessage(String.class)).isEqualTo("plain");
        assertThat(client.readMessage(byte[].class)).containsExactly(1);
        assertThat(counting.decodes).hasValue(0);
        assertThat(counting.encodes).hasValue(0);
        assertThat(clientCounting.decodes).hasValue(0);
        assertThat(clientCounting.encodes).hasValue(0);
    }

    @Test
    void usesAnApplicationsOwnJacksonMapper() {
        JsonMapper snakeCase = JsonMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
        JacksonCodec codec = new JacksonCodec(snakeCase);
        attach("/o", request -> new EchoService(), WsServiceConfig.builder().codec(codec).build());
        Client client = connect("/o", ClientConfiguration.builder().codec(codec));

        client.writeMessage(new Shipment("T1", 2));
        assertThat(client.readTextMessage()).isEqualTo("{\"tracking_code\":\"T1\",\"parcel_count\":2}");
        client.writeTextMessage("{\"tracking_code\":\"T2\",\"parcel_count\":3,\"extra\":1}");

        assertThatThrownBy(() -> client.readMessage(Shipment.class)).isInstanceOf(DataBindingException.class)
                .hasMessageContaining("extra");
    }

    @Test
    void keepsTheApplicationsMapperSettingsAndAddsSealedTypes() {
        JsonMapper strict = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

        JacksonCodec codec = new JacksonCodec(strict);

        assertThat(codec.mapper().isEnabled(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)).isTrue();
        assertThat(codec.encode(new dev.duplex.websocket.binding.Payloads.OrderCreated("1", 1)))
                .contains("\"type\":\"OrderCreated\"");
    }

    @Test
    void ignoresUnknownPropertiesWithTheDefaultCodecSoMessagesMayCarryTheirDispatchKey() throws Exception {
        assertThat(JacksonCodec.DEFAULT.decode("{\"event\":\"order\",\"id\":1,\"item\":\"tea\",\"quantity\":1}",
                Order.class)).isEqualTo(new Order("tea", 1));
    }
}
