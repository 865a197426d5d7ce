package dev.duplex.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.websocket.Client;
import dev.duplex.websocket.ClientConfiguration;
import dev.duplex.websocket.HttpListener;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What {@code duplex demo} serves: a health check, the chat page, {@code /echo} and {@code /chat/{room}}. */
class DemoCommandTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ClientConfiguration CLIENT = ClientConfiguration.builder()
            .readTimeout(Duration.ofSeconds(10)).build();

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Client> clients = new ArrayList<>();
    private HttpListener demo;

    @BeforeEach
    void start() {
        demo = DemoCommand.start(0, "127.0.0.1");
    }

    @AfterEach
    void stop() {
        clients.forEach(Client::close);
        demo.immediateStop();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + demo.getPort() + path)).build(),
                BodyHandlers.ofString());
    }

    private Client connect(String path) {
        Client client = new Client("ws://127.0.0.1:" + demo.getPort() + path, CLIENT);
        clients.add(client);
        return client;
    }

    /** Joins {@code room} as {@code name} and takes its own "joined" event, so it is in the room from then on. */
    private Client join(String room, String name) {
        Client client = connect("/chat/" + room + "?name=" + name);
        JsonNode joined = next(client);
        assertThat(joined.get("type").asString()).isEqualTo("joined");
        assertThat(joined.get("from").asString()).isEqualTo(name);
        return client;
    }

    private static JsonNode next(Client client) {
        return JSON.readTree(client.readTextMessage());
    }

    @Test
    void answersOkAtHealth() throws Exception {
        HttpResponse<String> response = get("/health");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("ok");
    }

    @Test
    void servesTheChatPageAtTheRoot() throws Exception {
        HttpResponse<String> page = get("/");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/html"));
        assertThat(page.body()).contains("<title>Duplex chat demo</title>", "chat.js", "chat.css");
        assertThat(get("/chat.js").headers().firstValue("content-type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/javascript"));
        assertThat(get("/chat.css").headers().firstValue("content-type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/css"));
    }

    @Test
    void answers404ForAFileThatIsNotThere() throws Exception {
        assertThat(get("/missing.html").statusCode()).isEqualTo(404);
    }

    @Test
    void echoesTextAndBinaryMessagesAtEcho() {
        Client client = connect("/echo");

        client.writeTextMessage("hello");
        assertThat(client.readTextMessage()).isEqualTo("hello");
        client.writeBinaryMessage(new byte[] {1, 2});
        assertThat(client.readBinaryMessage()).containsExactly(1, 2);
    }

    @Test
    void tellsEveryoneInTheRoomWhenSomeoneJoins() {
        Client alice = connect("/chat/lobby?name=alice");
        JsonNode aliceJoined = next(alice);
        assertThat(aliceJoined.toString())
                .isEqualTo("{\"type\":\"joined\",\"room\":\"lobby\",\"from\":\"alice\",\"members\":1}");

        Client bob = connect("/chat/lobby?name=bob");

        JsonNode bobJoined = next(bob);
        assertThat(bobJoined.toString())
                .isEqualTo("{\"type\":\"joined\",\"room\":\"lobby\",\"from\":\"bob\",\"members\":2}");
        assertThat(next(alice)).isEqualTo(bobJoined);
    }

    @Test
    void sendsEachMessageToEveryoneInTheRoomIncludingTheSender() {
        Client alice = join("lobby", "alice");
        Client bob = join("lobby", "bob");
        next(alice);

        alice.writeTextMessage("hi bob");
        JsonNode fromAlice = next(bob);
        assertThat(fromAlice.toString())
                .isEqualTo("{\"type\":\"message\",\"room\":\"lobby\",\"from\":\"alice\",\"text\":\"hi bob\"}");
        assertThat(next(alice)).isEqualTo(fromAlice);

        bob.writeTextMessage("hi alice");
        JsonNode fromBob = next(alice);
        assertThat(fromBob.get("from").asString()).isEqualTo("bob");
        assertThat(fromBob.get("text").asString()).isEqualTo("hi alice");
        assertThat(next(bob)).isEqualTo(fromBob);
    }

    @Test
    void tellsTheRoomWhenSomeoneLeaves() {
        Client alice = join("lobby", "alice");
        Client bob = join("lobby", "bob");
        next(alice);

        bob.close();

        assertThat(next(alice).toString())
                .isEqualTo("{\"type\":\"left\",\"room\":\"lobby\",\"from\":\"bob\",\"members\":1}");
    }

    @Test
    void keepsRoomsApart() {
        Client alice = join("lobby", "alice");
        Client carol = join("kitchen", "carol");

        alice.writeTextMessage("lobby only");
        alice.writeTextMessage("second");
        assertThat(next(alice).get("text").asString()).isEqualTo("lobby only");
        // The second message is handled after the first one's broadcast has finished.
        assertThat(next(alice).get("text").asString()).isEqualTo("second");
        carol.writeTextMessage("kitchen only");

        JsonNode carolsNext = next(carol);
        assertThat(carolsNext.get("from").asString()).isEqualTo("carol");
        assertThat(carolsNext.get("text").asString()).isEqualTo("kitchen only");
    }

    @Test
    void namesSomeoneWithoutANameAnonymous() {
        Client nameless = connect("/chat/lobby");

        assertThat(next(nameless).get("from").asString()).isEqualTo("anonymous");
    }

    @Test
    void escapesWhatPeopleTypeAsJsonText() {
        Client alice = join("lobby", "alice");

        alice.writeTextMessage("\"quoted\" <b>bold</b> \\ done");

        assertThat(next(alice).get("text").asString()).isEqualTo("\"quoted\" <b>bold</b> \\ done");
    }
}
