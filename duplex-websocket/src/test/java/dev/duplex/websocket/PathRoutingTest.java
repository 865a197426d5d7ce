package dev.duplex.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duplex.websocket.testkit.RawWebSocket;
import dev.duplex.websocket.testkit.RawWebSocket.HttpResponse;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Which attached service an upgrade request reaches: exact paths, templates with path parameters, the most specific
 * match, and 404 when nothing matches. Each test service names itself in an {@code X-Service} header of the 101, and
 * path parameters come back as {@code X-Param-<name>} headers.
 */
class PathRoutingTest {
    private Listener listener;
    private int port;

    /** Accepts nothing in particular; the connection just opens. */
    public static class Quiet implements Service {
    }

    @BeforeEach
    void startListener() {
        listener = new Listener(0, ListenerConfiguration.builder().host("127.0.0.1")
                .timeout(Duration.ofSeconds(5)).build());
        listener.start();
        port = listener.getPort();
    }

    @AfterEach
    void stopListener() {
        listener.immediateStop();
    }

    /** An upgrade service that names itself and echoes its path parameters as response headers. */
    private static UpgradeService named(String name) {
        return request -> {
            request.addResponseHeader("X-Service", name);
            request.pathParams().forEach((param, value) -> request.addResponseHeader("X-Param-" + param, value));
            return new Quiet();
        };
    }

    private HttpResponse upgrade(String path) throws IOException {
        return RawWebSocket.http(port, RawWebSocket.upgradeRequest(port, path));
    }

    private String serviceAt(String path) throws IOException {
        HttpResponse response = upgrade(path);
        assertThat(response.status()).as("status for %s", path).isEqualTo(101);
        return response.header("X-Service");
    }

    // ---- exact paths ----

    @Test
    void anExactPathMatchesOnlyItself() throws IOException {
        listener.attach("/chat", named("chat"));

        assertThat(serviceAt("/chat")).isEqualTo("chat");
        assertThat(upgrade("/chat/more").status()).isEqualTo(404);
        assertThat(upgrade("/chatroom").status()).isEqualTo(404);
        assertThat(upgrade("/").status()).isEqualTo(404);
    }

    @Test
    void aMultiSegmentExactPathMatches() throws IOException {
        listener.attach("/basic/ws", named("basic"));

        assertThat(serviceAt("/basic/ws")).isEqualTo("basic");
        assertThat(upgrade("/basic").status()).isEqualTo(404);
    }

    @Test
    void theRootPathCanBeAttached() throws IOException {
        listener.attach("/", named("root"));

        assertThat(serviceAt("/")).isEqualTo("root");
        assertThat(upgrade("/other").status()).isEqualTo(404);
    }

    @Test
    void pathsAreCaseSensitive() throws IOException {
        listener.attach("/chat", named("chat"));

        assertThat(upgrade("/Chat").status()).isEqualTo(404);
    }

    @Test
    void theQueryStringDoesNotTakePartInMatching() throws IOException {
        listener.attach("/chat", named("chat"));

        assertThat(serviceAt("/chat?room=blue")).isEqualTo("chat");
    }

    @Test
    void aTrailingSlashInTheRequestIsIgnored() throws IOException {
        listener.attach("/chat", named("chat"));

        assertThat(serviceAt("/chat/")).isEqualTo("chat");
    }

    @Test
    void aTrailingSlashInTheAttachedPathIsIgnored() throws IOException {
        listener.attach("/chat/", named("chat"));

        assertThat(serviceAt("/chat")).isEqualTo("chat");
    }

    @Test
    void aPercentEncodedLiteralSegmentMatchesItsDecodedForm() throws IOException {
        listener.attach("/caf\u00e9", named("cafe"));

        assertThat(serviceAt("/caf%C3%A9")).isEqualTo("cafe");
    }

    @Test
    void matrixParametersAreStrippedFromEachSegmentBeforeMatching() throws IOException {
        listener.attach("/isOpen/{id}/ws", named("open"));

        HttpResponse response = upgrade("/isOpen/abc;a=4;b=5/ws;x=y");

        assertThat(response.status()).isEqualTo(101);
        assertThat(response.header("X-Param-id")).as("the parameter without its matrix part").isEqualTo("abc");
    }

    @Test
    void anEncodedSemicolonIsPartOfTheSegmentNotAMatrixParameter() throws IOException {
        listener.attach("/a;b", named("semicolon"));

        assertThat(serviceAt("/a%3Bb")).isEqualTo("semicolon");
        assertThat(upgrade("/a;b").status()).as("a literal ';' starts matrix parameters").isEqualTo(404);
    }

    @Test
    void anAbsoluteFormRequestTargetIsRoutedByItsPath() throws IOException {
        listener.attach("/chat/{room}", named("room"));

        HttpResponse response = upgrade("http://127.0.0.1:" + port + "/chat/blue?x=1");

        assertThat(response.status()).isEqualTo(101);
        assertThat(response.header("X-Param-room")).isEqualTo("blue");
    }

    // ---- templates ----

    @Test
    void aTemplateBindsItsPathParameter() throws IOException {
        listener.attach("/chat/{room}", named("room"));

        HttpResponse response = upgrade("/chat/blue");

        assertThat(response.status()).isEqualTo(101);
        assertThat(response.header("X-Param-room")).isEqualTo("blue");
    }

    @Test
    void aTemplateBindsSeveralPathParameters() throws IOException {
        listener.attach("/chat/{room}/users/{user}", named("user"));

        HttpResponse response = upgrade("/chat/blue/users/ada");

        assertThat(response.header("X-Param-room")).isEqualTo("blue");
        assertThat(response.header("X-Param-user")).isEqualTo("ada");
    }

    @Test
    void pathParametersArePercentDecoded() throws IOException {
        listener.attach("/chat/{room}", named("room"));

        HttpResponse response = upgrade("/chat/blue%20team");

        assertThat(response.header("X-Param-room")).isEqualTo("blue team");
    }

    @Test
    void anEncodedSlashStaysInsideItsSegment() throws IOException {
        listener.attach("/chat/{room}", named("room"));

        HttpResponse response = upgrade("/chat/a%2Fb");

        assertThat(response.status()).isEqualTo(101);
        assertThat(response.header("X-Param-room")).isEqualTo("a/b");
    }

    @Test
    void aTemplateNeedsEverySegment() throws IOException {
        listener.attach("/chat/{room}", named("room"));

        assertThat(upgrade("/chat").status()).isEqualTo(404);
        assertThat(upgrade("/chat/blue/extra").status()).isEqualTo(404);
    }

    @Test
    void aLiteralPathBeatsATemplateAttachedBeforeIt() throws IOException {
        listener.attach("/chat/{room}", named("room"));
        listener.attach("/chat/lobby", named("lobby"));

        assertThat(serviceAt("/chat/lobby")).isEqualTo("lobby");
        assertThat(serviceAt("/chat/other")).isEqualTo("room");
    }

    @Test
    void aLiteralPathBeatsATemplateAttachedAfterIt() throws IOException {
        listener.attach("/chat/lobby", named("lobby"));
        listener.attach("/chat/{room}", named("room"));

        assertThat(serviceAt("/chat/lobby")).isEqualTo("lobby");
        assertThat(serviceAt("/chat/other")).isEqualTo("room");
    }

    @Test
    void anEarlierLiteralSegmentIsMoreSpecificThanALaterOne() throws IOException {
        listener.attach("/{any}/b", named("later-literal"));
        listener.attach("/a/{any}", named("earlier-literal"));

        assertThat(serviceAt("/a/b")).isEqualTo("earlier-literal");
        assertThat(serviceAt("/x/b")).isEqualTo("later-literal");
    }

    @Test
    void moreLiteralSegmentsAreMoreSpecific() throws IOException {
        listener.attach("/{a}/{b}/c", named("one-literal"));
        listener.attach("/x/{b}/c", named("two-literals"));

        assertThat(serviceAt("/x/y/c")).isEqualTo("two-literals");
    }

    // ---- no match ----

    @Test
    void answers404WhenNoServiceMatches() throws IOException {
        listener.attach("/chat", named("chat"));

        HttpResponse response = upgrade("/elsewhere");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.body()).contains("/elsewhere");
    }

    @Test
    void answers404WhenNothingIsAttached() throws IOException {
        assertThat(upgrade("/chat").status()).isEqualTo(404);
    }

    @Test
    void answers400ToAMalformedPercentEncoding() throws IOException {
        listener.attach("/chat/{room}", named("room"));

        assertThat(upgrade("/chat/%zz").status()).isEqualTo(400);
    }

    // ---- attach refusals ----

    @Test
    void refusesToAttachTheSamePathTwice() {
        listener.attach("/chat", named("first"));

        assertThatThrownBy(() -> listener.attach("/chat", named("second")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("/chat")
                .hasMessageContaining("already attached");
    }

    @Test
    void refusesATemplateOfTheSameShapeWithOtherParameterNames() {
        listener.attach("/chat/{room}", named("first"));

        assertThatThrownBy(() -> listener.attach("/chat/{name}", named("second")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("/chat/{room}");
    }

    @Test
    void refusesAPathThatDiffersOnlyByATrailingSlash() {
        listener.attach("/chat", named("first"));

        assertThatThrownBy(() -> listener.attach("/chat/", named("second")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theFirstServiceStaysWhenADuplicateIsRefused() throws IOException {
        listener.attach("/chat", named("first"));
        assertThatThrownBy(() -> listener.attach("/chat", named("second")));

        assertThat(serviceAt("/chat")).isEqualTo("first");
    }

    @Test
    void refusesAPathWithoutALeadingSlash() {
        assertThatThrownBy(() -> listener.attach("chat", named("x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must start with '/'");
    }

    @Test
    void refusesAnEmptyParameterName() {
        assertThatThrownBy(() -> listener.attach("/chat/{}", named("x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("{}");
    }

    @Test
    void refusesAnUnclosedParameter() {
        assertThatThrownBy(() -> listener.attach("/chat/{room", named("x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("{room");
    }

    @Test
    void refusesAParameterThatIsOnlyPartOfASegment() {
        assertThatThrownBy(() -> listener.attach("/chat/room-{id}", named("x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("whole segment");
    }

    @Test
    void refusesAParameterNameUsedTwice() {
        assertThatThrownBy(() -> listener.attach("/{id}/x/{id}", named("x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("{id}")
                .hasMessageContaining("twice");
    }

    @Test
    void refusesANullPath() {
        assertThatThrownBy(() -> listener.attach(null, named("x")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
