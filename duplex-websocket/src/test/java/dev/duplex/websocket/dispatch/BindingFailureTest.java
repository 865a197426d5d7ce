package dev.duplex.websocket.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.duplex.websocket.Caller;
import dev.duplex.websocket.Client;
import dev.duplex.websocket.CloseFrame;
import dev.duplex.websocket.ConnectionClosureException;
import dev.duplex.websocket.DataBindingException;
import dev.duplex.websocket.DispatcherConfig;
import dev.duplex.websocket.PayloadValidationException;
import dev.duplex.websocket.Service;
import dev.duplex.websocket.WsServiceConfig;
import dev.duplex.websocket.binding.Payloads.Order;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import org.junit.jupiter.api.Test;

/**
 * A message that does not bind goes to {@code on<Method>Error}, else {@code onError} (the connection stays open),
 * else the connection closes with 1003 and a reason that says what failed; logged either way. Validation failures
 * take the same way.
 */
class BindingFailureTest extends ListenerTestBase {
    private static final WsServiceConfig BY_EVENT = WsServiceConfig.builder().dispatcherKey("event").build();
    private static final String BAD_ORDER = "{\"event\":\"order\",\"item\":\"tea\",\"quantity\":\"many\"}";
    private static final String INVALID_ORDER = "{\"event\":\"order\",\"item\":\"tea\",\"quantity\":0}";
    private static final String GOOD_ORDER = "{\"event\":\"order\",\"item\":\"tea\",\"quantity\":1}";

    /** A custom method with its own error method, and onError. */
    public static class WithErrorMethods implements Service {
        final BlockingQueue<Object> seen;

        WithErrorMethods(BlockingQueue<Object> seen) {
            this.seen = seen;
        }

        public String onOrder(Order order) {
            return "ordered " + order.item();
        }

        public void onOrderError(Caller caller, DataBindingException error) {
            seen.add(error);
            caller.writeTextMessage("onOrderError");
        }

        @DispatcherConfig(dispatcherValue = "refund")
        public String handleRefund(Order order) {
            return "refunded";
        }

        public void handleRefundError(Caller caller, DataBindingException error) {
            caller.writeTextMessage("handleRefundError");
        }

        public CloseFrame onCancel(Order order) {
            return null;
        }

        public CloseFrame onCancelError(DataBindingException error) {
            return new CloseFrame(4003, "bad cancel");
        }

        public void onError(Caller caller, Throwable error) {
            seen.add(error);
            caller.writeTextMessage("onError");
        }
    }

    /** onError only. */
    public static class WithOnError implements Service {
        final BlockingQueue<Object> seen;

        WithOnError(BlockingQueue<Object> seen) {
            this.seen = seen;
        }

        public String onOrder(Order order) {
            return "ordered " + order.item() + " x" + order.quantity();
        }

        public void onError(Caller caller, Throwable error) {
            seen.add(error);
            caller.writeTextMessage("onError");
        }
    }

    /** No error methods at all. */
    public static class WithoutErrorMethods implements Service {
        public String onOrder(Order order) {
            return "ordered";
        }
    }

    /** onMessage and its own error method. */
    public static class OnMessageWithErrorMethod implements Service {
        final BlockingQueue<Object> seen;

        OnMessageWithErrorMethod(BlockingQueue<Object> seen) {
            this.seen = seen;
        }

        public String onMessage(Order order) {
            return "ordered";
        }

        public void onMessageError(Caller caller, DataBindingException error) {
            seen.add(error);
        }
    }

    /** An error method that fails itself. */
    public static class FailingErrorMethod implements Service {
        public String onOrder(Order order) {
            return "ordered";
        }

        public void onOrderError(DataBindingException error) {
            throw new IllegalStateException("the error method failed");
        }
    }

    /** A type whose binding failure has a long description. */
    public record VeryLongNamedRecordTypeThatMakesTheBindingFailureMessageLongerThanACloseReasonMayBe(
            int aFieldWithAnEquallyLongNameSoThatTheMessageIsCertainlyOverOneHundredAndTwentyThreeBytes) {
    }

    public static class LongFailure implements Service {
        public void onMessage(VeryLongNamedRecordTypeThatMakesTheBindingFailureMessageLongerThanACloseReasonMayBe v) {
        }
    }

    private Client connectTo(Service service, WsServiceConfig config) {
        attach("/s", request -> service, config);
        return connect("/s");
    }

    private static void assertClosedWith(Client client, int code, String... reasonParts) {
        assertThatThrownBy(client::readTextMessage).isInstanceOf(ConnectionClosureException.class)
                .satisfies(e -> {
                    ConnectionClosureException closed = (ConnectionClosureException) e;
                    assertThat(closed.closeCode()).isEqualTo(code);
                    for (String part : reasonParts) {
                        assertThat(closed.reason()).contains(part);
                    }
                    assertThat(closed.reason().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(123);
                });
    }

    @Test
    void givesABindingFailureToTheMethodsOwnErrorMethodAndStaysOpen() throws Exception {
        Client client = connectTo(new WithErrorMethods(received), BY_EVENT);

        client.writeTextMessage(BAD_ORDER);

        assertThat(client.readTextMessage()).isEqualTo("onOrderError");
        assertThat(nextReceived()).isInstanceOf(DataBindingException.class)
                .isNotInstanceOf(PayloadValidationException.class)
                .satisfies(e -> assertThat(((Throwable) e).getMessage()).contains("Order"))
                .satisfies(e -> assertThat(((Throwable) e).getCause()).isNotNull());
        client.writeTextMessage(GOOD_ORDER);
        assertThat(client.readTextMessage()).isEqualTo("ordered tea");
    }

    @Test
    void givesABindingFailureOfAnAnnotatedMethodToItsErrorMethodWhateverItsName() {
        Client client = connectTo(new WithErrorMethods(received), BY_EVENT);

        client.writeTextMessage("{\"event\":\"refund\",\"quantity\":[]}");

        assertThat(client.readTextMessage()).isEqualTo("handleRefundError");
    }

    @Test
    void givesABindingFailureOfOnMessageToOnMessageError() throws Exception {
        Client client = connectTo(new OnMessageWithErrorMethod(received), WsServiceConfig.DEFAULT);

        client.writeBinaryMessage(new byte[] {(byte) 0xc3, 0x28});

        assertThat(nextReceived()).isInstanceOf(DataBindingException.class)
                .satisfies(e -> assertThat(((Throwable) e).getMessage()).contains("UTF-8"));
        client.writeTextMessage("{\"item\":\"tea\",\"quantity\":1}");
        assertThat(client.readTextMessage()).isEqualTo("ordered");
    }

    @Test
    void closesWhenTheErrorMethodReturnsACloseFrame() {
        Client client = connectTo(new WithErrorMethods(received), BY_EVENT);

        client.writeTextMessage("{\"event\":\"cancel\",\"quantity\":\"x\"}");

        assertClosedWith(client, 4003, "bad cancel");
    }

    @Test
    void givesABindingFailureToOnErrorWithoutAnErrorMethodAndStaysOpen() throws Exception {
        Client client = connectTo(new WithOnError(received), BY_EVENT);

        client.writeTextMessage(BAD_ORDER);

        assertThat(client.readTextMessage()).isEqualTo("onError");
        assertThat(nextReceived()).isInstanceOf(DataBindingException.class);
        client.writeTextMessage(GOOD_ORDER);
        assertThat(client.readTextMessage()).isEqualTo("ordered tea x1");
    }

    @Test
    void closesWith1003SayingWhatFailedWithoutAnyErrorMethod() {
        Client client = connectTo(new WithoutErrorMethods(), BY_EVENT);

        client.writeTextMessage(BAD_ORDER);

        assertClosedWith(client, 1003, "data binding failed", "Order");
    }

    @Test
    void cutsTheReasonOfA1003CloseToFit123Bytes() {
        Client client = connectTo(new LongFailure(), WsServiceConfig.DEFAULT);

        client.writeTextMessage("{\"aFieldWithAnEquallyLongNameSoThatTheMessageIsCertainlyOverOneHundredAndTwentyThreeBytes\""
                + ":\"not a number\"}");

        assertClosedWith(client, 1003, "data binding failed", "...");
    }

    @Test
    void closesWith1011WhenTheErrorMethodItselfFails() {
        Client client = connectTo(new FailingErrorMethod(), BY_EVENT);

        client.writeTextMessage(BAD_ORDER);

        assertClosedWith(client, 1011);
    }

    @Test
    void doesNotLogABindingFailureAsAWarningWhenAnErrorMethodHandlesIt() {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(new TeeStream(original, captured), true, StandardCharsets.UTF_8));
        try {
            Client client = connectTo(new WithErrorMethods(received), BY_EVENT);

            client.writeTextMessage(BAD_ORDER);

            // The log line, if any, is written before the error method runs, so it is there once the reply is.
            assertThat(client.readTextMessage()).isEqualTo("onOrderError");
            assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain("data binding failed");
        } finally {
            System.setErr(original);
        }
    }

    @Test
    void logsABindingFailureAsAWarningWhenNoErrorMethodHandlesIt() {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(new TeeStream(original, captured), true, StandardCharsets.UTF_8));
        try {
            Client client = connectTo(new WithoutErrorMethods(), BY_EVENT);

            client.writeTextMessage(BAD_ORDER);

            await().atMost(PATIENCE).untilAsserted(() -> assertThat(captured.toString(StandardCharsets.UTF_8))
                    .contains("WARN").contains("data binding failed").contains("onOrder"));
        } finally {
            System.setErr(original);
        }
    }

    /** Writes to two streams. */
    private static final class TeeStream extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        TeeStream(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public synchronized void write(int b) throws java.io.IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws java.io.IOException {
            first.write(b, off, len);
            second.write(b, off, len);
        }
    }

    // ---- validation ----

    @Test
    void givesAValidationFailureToTheErrorMethodNamingThePropertyAndTheConstraint() throws Exception {
        Client client = connectTo(new WithErrorMethods(received), BY_EVENT);

        client.writeTextMessage(INVALID_ORDER);

        assertThat(client.readTextMessage()).isEqualTo("onOrderError");
        assertThat(nextReceived()).isInstanceOf(PayloadValidationException.class)
                .satisfies(e -> assertThat(((Throwable) e).getMessage()).contains("quantity", "Min"));
    }

    @Test
    void givesAValidationFailureToOnErrorWithoutAnErrorMethod() throws Exception {
        Client client = connectTo(new WithOnError(received), BY_EVENT);

        client.writeTextMessage(INVALID_ORDER);

        assertThat(client.readTextMessage()).isEqualTo("onError");
        assertThat(nextReceived()).isInstanceOf(PayloadValidationException.class);
    }

    @Test
    void closesWith1003NamingTheConstraintWhenValidationFailsWithoutAnyErrorMethod() {
        Client client = connectTo(new WithoutErrorMethods(), BY_EVENT);

        client.writeTextMessage(INVALID_ORDER);

        assertClosedWith(client, 1003, "quantity");
    }

    @Test
    void doesNotValidateWhenValidationIsOff() {
        Client client = connectTo(new WithOnError(received), BY_EVENT.toBuilder().validation(false).build());

        client.writeTextMessage(INVALID_ORDER);

        assertThat(client.readTextMessage()).isEqualTo("ordered tea x0");
    }
}
