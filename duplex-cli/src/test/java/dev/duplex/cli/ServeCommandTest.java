package dev.duplex.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duplex.websocket.Client;
import dev.duplex.websocket.ClientConfiguration;
import dev.duplex.websocket.ConnectionClosureException;
import dev.duplex.websocket.Listener;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code duplex serve}: the listener its options build, in-process, and the command itself as a process. */
class ServeCommandTest {
    private static final ClientConfiguration CLIENT = ClientConfiguration.builder()
            .readTimeout(Duration.ofSeconds(10)).build();

    private final List<Listener> listeners = new ArrayList<>();
    private final List<Client> clients = new ArrayList<>();

    @AfterEach
    void stop() {
        clients.forEach(Client::close);
        listeners.forEach(Listener::immediateStop);
    }

    /** Starts the listener that {@code duplex serve --port 0 --host 127.0.0.1 args...} would run. */
    private Listener serve(String... args) {
        ServeCommand serve = new ServeCommand();
        List<String> all = new ArrayList<>(List.of("--port", "0", "--host", "127.0.0.1"));
        all.addAll(List.of(args));
        new CommandLine(serve).parseArgs(all.toArray(String[]::new));
        Listener listener = serve.start();
        listeners.add(listener);
        return listener;
    }

    private Client connect(Listener listener, String path, ClientConfiguration config) {
        Client client = new Client("ws://127.0.0.1:" + listener.getPort() + path, config);
        clients.add(client);
        return client;
    }

    @Test
    void echoesTextAndBinaryMessagesAtWsByDefault() {
        Client client = connect(serve(), "/ws", CLIENT);

        client.writeTextMessage("hello");
        assertThat(client.readTextMessage()).isEqualTo("hello");
        client.writeBinaryMessage(new byte[] {1, 2, 3});
        assertThat(client.readBinaryMessage()).containsExactly(1, 2, 3);
    }

    @Test
    void servesAtThePathGiven() {
        Client client = connect(serve("--path", "/echo"), "/echo", CLIENT);

        client.writeTextMessage("hello");
        assertThat(client.readTextMessage()).isEqualTo("hello");
    }

    @Test
    void sendsEachMessageToEveryConnectionInBroadcastMode() {
        Listener listener = serve("--mode", "broadcast");
        Client alice = connect(listener, "/ws", CLIENT);
        // Reading its own message back shows a connection has joined the broadcast.
        alice.writeTextMessage("alice here");
        assertThat(alice.readTextMessage()).isEqualTo("alice here");
        Client bob = connect(listener, "/ws", CLIENT);
        bob.writeTextMessage("bob here");
        assertThat(bob.readTextMessage()).isEqualTo("bob here");
        assertThat(alice.readTextMessage()).isEqualTo("bob here");

        alice.writeBinaryMessage(new byte[] {7});

        assertThat(alice.readBinaryMessage()).containsExactly(7);
        assertThat(bob.readBinaryMessage()).containsExactly(7);
    }

    @Test
    void withHistoryAClientResumesFromTheOffsetItSendsFirst() {
        Listener listener = serve("--mode", "broadcast", "--history", "10");
        Client alice = connect(listener, "/ws", CLIENT);
        alice.writeTextMessage("");
        alice.writeTextMessage("one");
        assertThat(alice.readTextMessage()).isEqualTo("{\"offset\":\"1\",\"text\":\"one\"}");
        alice.writeTextMessage("two");
        alice.writeTextMessage("three");
        assertThat(alice.readTextMessage()).isEqualTo("{\"offset\":\"2\",\"text\":\"two\"}");
        assertThat(alice.readTextMessage()).isEqualTo("{\"offset\":\"3\",\"text\":\"three\"}");

        Client back = connect(listener, "/ws", CLIENT);
        back.writeTextMessage("1");
        back.writeTextMessage("four");

        assertThat(back.readTextMessage()).isEqualTo("{\"offset\":\"2\",\"text\":\"two\"}");
        assertThat(back.readTextMessage()).isEqualTo("{\"offset\":\"3\",\"text\":\"three\"}");
        assertThat(back.readTextMessage()).isEqualTo("{\"offset\":\"4\",\"text\":\"four\"}");
        assertThat(alice.readTextMessage()).isEqualTo("{\"offset\":\"4\",\"text\":\"four\"}");
    }

    @Test
    void withHistoryAnOffsetNoLongerKeptIsSaidAndTheLiveMessagesFollow() {
        Listener listener = serve("--mode", "broadcast", "--history", "1");
        Client alice = connect(listener, "/ws", CLIENT);
        alice.writeTextMessage("");
        for (String text : List.of("one", "two", "three")) {
            alice.writeTextMessage(text);
            assertThat(alice.readTextMessage()).contains(text);
        }

        Client back = connect(listener, "/ws", CLIENT);
        back.writeTextMessage("1");
        assertThat(back.readTextMessage()).startsWith("{\"resumed\":false,");
        back.writeTextMessage("four");

        assertThat(back.readTextMessage()).isEqualTo("{\"offset\":\"4\",\"text\":\"four\"}");
    }

    @Test
    void describesItsRedisWithoutTheCredentials() {
        RedisOptions options = new RedisOptions();
        options.redis = "redis://user:secret@127.0.0.1:6379/0";

        assertThat(options.describe()).isEqualTo(" (groups shared through Redis at redis://127.0.0.1:6379/0)");
    }

    @Test
    void acceptsTheSubProtocolGiven() {
        Client client = connect(serve("--subprotocol", "chat"), "/ws",
                CLIENT.toBuilder().subProtocols("other", "chat").build());

        assertThat(client.getNegotiatedSubProtocol()).hasValue("chat");
    }

    @Test
    void closesWith1009WhenAMessageExceedsTheMaxMessageSize() {
        Client client = connect(serve("--max-message-size", "1000"), "/ws", CLIENT);

        client.writeTextMessage("x".repeat(2000));

        assertThatThrownBy(client::readTextMessage).isInstanceOfSatisfying(ConnectionClosureException.class,
                closed -> assertThat(closed.closeCode()).isEqualTo(1009));
    }

    @Test
    void closesAnIdleConnectionWith1000AfterTheIdleTimeout() {
        Client client = connect(serve("--idle-timeout", "200ms"), "/ws", CLIENT);

        assertThatThrownBy(client::readTextMessage).isInstanceOfSatisfying(ConnectionClosureException.class,
                closed -> {
                    assertThat(closed.closeCode()).isEqualTo(1000);
                    assertThat(closed.reason()).isEqualTo("idle");
                });
    }

    @Test
    void closesAnIdleConnectionInBroadcastModeToo() {
        Client client = connect(serve("--mode", "broadcast", "--idle-timeout", "200ms"), "/ws", CLIENT);

        assertThatThrownBy(client::readTextMessage).isInstanceOfSatisfying(ConnectionClosureException.class,
                closed -> assertThat(closed.reason()).isEqualTo("idle"));
    }

    @Test
    void echoesOnTheEventLoopWithEventLoop() {
        Client client = connect(serve("--event-loop"), "/ws", CLIENT);

        client.writeTextMessage("hello");
        assertThat(client.readTextMessage()).isEqualTo("hello");
    }

    @Test
    void reportsAPortInUseInOneLineWithExitCode1() {
        Listener taken = serve();
        StringWriter err = new StringWriter();

        int exitCode = DuplexCommand.run(new String[] {"serve", "--port", String.valueOf(taken.getPort()), "--host",
            "127.0.0.1"}, new PrintWriter(new StringWriter()), new PrintWriter(err, true));

        assertThat(exitCode).isEqualTo(1);
        assertThat(err.toString().lines().toList()).singleElement().asString()
                .startsWith("duplex: ")
                .contains(String.valueOf(taken.getPort()));
    }

    @Test
    void refusesAMaxFrameSizeBelowOneNamingTheOptionWithExitCode2() {
        StringWriter err = new StringWriter();

        int exitCode = DuplexCommand.run(new String[] {"serve", "--port", "0", "--max-frame-size", "-1"},
                new PrintWriter(new StringWriter()), new PrintWriter(err, true));

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("--max-frame-size", "-1");
    }

    @Test
    void refusesAnEmptySubProtocolNamingTheOptionWithExitCode2() {
        StringWriter err = new StringWriter();

        int exitCode = DuplexCommand.run(new String[] {"serve", "--port", "0", "--subprotocol", ""},
                new PrintWriter(new StringWriter()), new PrintWriter(err, true));

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("--subprotocol", "''");
    }

    @Test
    void rejectsAnUnknownModeInOneLineWithExitCode2() {
        StringWriter err = new StringWriter();

        int exitCode = DuplexCommand.run(new String[] {"serve", "--mode", "shout"},
                new PrintWriter(new StringWriter()), new PrintWriter(err, true));

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString().lines().toList()).singleElement().asString()
                .startsWith("duplex: Invalid value for option '--mode'")
                .endsWith("(see 'duplex serve --help')");
    }

    @Test
    void printsItsAddressAndClosesConnectionsWith1001WhenStopped() {
        try (DuplexProcess duplex = DuplexProcess.start("serve", "--port", "0", "--host", "127.0.0.1")) {
            Matcher address = duplex.awaitStdout(Pattern.compile("duplex serve: echo at ws://127\\.0\\.0\\.1:(\\d+)/ws"));
            Client client = new Client(address.group().substring("duplex serve: echo at ".length()), CLIENT);
            clients.add(client);
            client.writeTextMessage("hello");
            assertThat(client.readTextMessage()).isEqualTo("hello");

            duplex.stop();

            assertThatThrownBy(client::readTextMessage).isInstanceOfSatisfying(ConnectionClosureException.class,
                    closed -> assertThat(closed.closeCode()).isEqualTo(1001));
        }
    }
}
