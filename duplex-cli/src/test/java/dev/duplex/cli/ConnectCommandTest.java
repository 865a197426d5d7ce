package dev.duplex.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.websocket.Caller;
import dev.duplex.websocket.CloseFrame;
import dev.duplex.websocket.ConnectionClosureException;
import dev.duplex.websocket.Listener;
import dev.duplex.websocket.ListenerConfiguration;
import dev.duplex.websocket.Service;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code duplex connect} run as a process with piped standard input, against an echo service of the test. */
class ConnectCommandTest {
    /**
     * Echoes; "slow" is answered 500 ms later, "unanswered" never, "bye" closes with 4000. Reports the close code it
     * saw.
     */
    public static final class Echo implements Service {
        private final CompletableFuture<Integer> closeCode;

        Echo(CompletableFuture<Integer> closeCode) {
            this.closeCode = closeCode;
        }

        public Object onTextMessage(Caller caller, String text) {
            if (text.equals("bye")) {
                return new CloseFrame(4000, "bye");
            }
            if (text.equals("too big")) {
                return CloseFrame.MESSAGE_TOO_BIG;
            }
            if (text.equals("unanswered")) {
                return null;
            }
            if (text.equals("slow")) {
                CompletableFuture.delayedExecutor(500, TimeUnit.MILLISECONDS).execute(() -> {
                    try {
                        caller.writeTextMessage("slow reply");
                    } catch (ConnectionClosureException gone) {
                        // The client stopped waiting and closed first; nothing to check here.
                    }
                });
                return null;
            }
            return text;
        }

        public byte[] onBinaryMessage(byte[] data) {
            return data;
        }

        public void onClose(Caller caller, int statusCode, String reason) {
            closeCode.complete(statusCode);
        }
    }

    /** Greets first, then answers each message 300 ms later: the greeting is not the reply. */
    public static final class Greeter implements Service {
        public String onOpen() {
            return "welcome";
        }

        public void onTextMessage(Caller caller, String text) {
            CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS).execute(() -> {
                try {
                    caller.writeTextMessage("reply to " + text);
                } catch (ConnectionClosureException gone) {
                    // The client stopped waiting and closed first: the test then fails on the missing reply.
                }
            });
        }
    }

    private final CompletableFuture<Integer> serverSawClose = new CompletableFuture<>();
    private Listener listener;

    @BeforeEach
    void start() {
        listener = new Listener(0, ListenerConfiguration.builder().host("127.0.0.1").build());
        listener.attach("/echo", request -> new Echo(serverSawClose));
        listener.attach("/greeter", request -> new Greeter());
        listener.start();
    }

    @AfterEach
    void stop() {
        listener.immediateStop();
    }

    private String url() {
        return "ws://127.0.0.1:" + listener.getPort() + "/echo";
    }

    @Test
    void printsEachReceivedTextMessageAfterAnArrow() {
        DuplexProcess.Result result = DuplexProcess.run("hello\nsecond line\n", "connect", url());

        assertThat(result.exitCode()).isZero();
        assertThat(result.stdoutLines()).containsExactly("< hello", "< second line");
        assertThat(result.stderrLines()).containsExactly("connected to " + url());
    }

    @Test
    void sendsLinesAsBinaryAndPrintsBinaryMessagesAsHexWithBinary() {
        DuplexProcess.Result result = DuplexProcess.run("hi!\n", "connect", "--binary", url());

        assertThat(result.exitCode()).isZero();
        assertThat(result.stdoutLines()).containsExactly("< [binary 3 bytes] 686921");
    }

    @Test
    void printsThePongThatAnswersAPing() {
        DuplexProcess.Result result = DuplexProcess.run("/ping are you there\n", "connect", url());

        assertThat(result.exitCode()).isZero();
        assertThat(result.stdoutLines()).containsExactly("< [pong] are you there");
    }

    @Test
    void waitsForRepliesStillDueAtTheEndOfInputThenClosesWith1000() throws Exception {
        DuplexProcess.Result result = DuplexProcess.run("slow\n", "connect", "--drain", "20s", url());

        assertThat(result.exitCode()).isZero();
        assertThat(result.stdoutLines()).containsExactly("< slow reply");
        assertThat(serverSawClose.get(10, TimeUnit.SECONDS)).isEqualTo(1000);
    }

    @Test
    void keepsPrintingAfterTheEndOfInputUntilTheServerFallsQuietSoAGreetingDoesNotHideTheReply() {
        DuplexProcess.Result result = DuplexProcess.run("hello\n", "connect",
                "ws://127.0.0.1:" + listener.getPort() + "/greeter");

        assertThat(result.exitCode()).isZero();
        assertThat(result.stdoutLines()).containsExactly("< welcome", "< reply to hello");
    }

    @Test
    void exitsWithCode1WhenTheServerClosesWithAnErrorCode() throws Exception {
        DuplexProcess.Result result = DuplexProcess.run("too big\n", "connect", url());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stdoutLines()).singleElement().asString().startsWith("< [close 1009");
        assertThat(result.stderr()).contains("1009");
    }

    @Test
    void closesWith1009AndExitsWithCode1WhenAReplyExceedsMaxMessageSize() throws Exception {
        DuplexProcess.Result result = DuplexProcess.run("0123456789abcdef\n", "connect", "--max-message-size", "8",
                url());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderr()).contains("--max-message-size").doesNotContain("ClientConfiguration");
        assertThat(serverSawClose.get(10, TimeUnit.SECONDS)).isEqualTo(1009);
    }

    @Test
    void refusesAnEmptySubProtocolNamingTheOptionWithExitCode2() {
        var err = new java.io.StringWriter();

        int exitCode = DuplexCommand.run(new String[] {"connect", "--subprotocol", "", url()},
                new java.io.PrintWriter(new java.io.StringWriter()), new java.io.PrintWriter(err, true));

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("--subprotocol", "''");
    }

    @Test
    void refusesAMaxMessageSizeBelowOneNamingTheOption() {
        DuplexProcess.Result result = DuplexProcess.run("", "connect", "--max-message-size", "0", url());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).contains("--max-message-size", "0");
    }

    @Test
    void stopsWaitingForRepliesAfterTheDrainTimeThenClosesWith1000() throws Exception {
        DuplexProcess.Result result = DuplexProcess.run("unanswered\n", "connect", "--drain", "200ms", url());

        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).isEmpty();
        assertThat(serverSawClose.get(10, TimeUnit.SECONDS)).isEqualTo(1000);
    }

    @Test
    void closesWithTheCodeAndReasonOfACloseCommand() throws Exception {
        DuplexProcess.Result result = DuplexProcess.run("/close 4001 done\nnever sent\n", "connect", url());

        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).isEmpty();
        assertThat(serverSawClose.get(10, TimeUnit.SECONDS)).isEqualTo(4001);
    }

    @Test
    void reportsAMistypedCommandAndGoesOn() {
        DuplexProcess.Result result = DuplexProcess.run("/close soon\nstill here\n", "connect", url());

        assertThat(result.exitCode()).isZero();
        assertThat(result.stderrLines()).contains(
                "duplex: /close takes a close code such as 1000 or 4000, was 'soon'");
        assertThat(result.stdoutLines()).containsExactly("< still here");
    }

    @Test
    void printsTheServersCloseFrameAndExitsWhileInputIsStillOpen() {
        try (DuplexProcess duplex = DuplexProcess.start("connect", url())) {
            duplex.write("bye\n");
            // Standard input stays open: the command must end because the server closed.
            DuplexProcess.Result result = duplex.awaitExit();

            assertThat(result.exitCode()).isZero();
            assertThat(result.stdoutLines()).containsExactly("< [close 4000 bye]");
        }
    }

    @Test
    void reportsARefusedConnectionInOneLineWithExitCode1() {
        int closedPort = listener.getPort();
        listener.immediateStop();

        DuplexProcess.Result result = DuplexProcess.run("", "connect", "ws://127.0.0.1:" + closedPort + "/echo");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderrLines()).singleElement().asString()
                .startsWith("duplex: cannot connect to ws://127.0.0.1:" + closedPort + "/echo")
                .contains("Connection refused");
    }

    @Test
    void reportsAUrlThatIsNotWebSocketInOneLine() {
        DuplexProcess.Result result = DuplexProcess.run("", "connect", "http://127.0.0.1/echo");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderrLines()).singleElement().asString()
                .startsWith("duplex: ")
                .contains("http", "ws://");
    }

    @Test
    void reportsAPathWithoutAServiceAsA404InOneLine() {
        DuplexProcess.Result result = DuplexProcess.run("", "connect", "ws://127.0.0.1:" + listener.getPort() + "/nope");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderrLines()).singleElement().asString()
                .startsWith("duplex: ")
                .contains("404", "no WebSocket service at /nope");
    }

    @Test
    void printsTheStackTraceOfAnErrorWithVerbose() {
        int closedPort = listener.getPort();
        listener.immediateStop();

        DuplexProcess.Result result = DuplexProcess.run("", "--verbose", "connect",
                "ws://127.0.0.1:" + closedPort + "/echo");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr())
                .contains("duplex: cannot connect to ws://127.0.0.1:" + closedPort)
                .contains("dev.duplex.websocket.ConnectionException: cannot connect")
                .containsPattern("\\n\\tat dev\\.duplex\\.");
    }

    @Test
    void reportsAMissingUrlAsAUsageErrorWithExitCode2() {
        DuplexProcess.Result result = DuplexProcess.run("", "connect");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderrLines())
                .containsExactly("duplex: Missing required parameter: '<url>' (see 'duplex connect --help')");
    }

    @Test
    void sendsRequestHeadersAndCredentials() {
        var headersSeen = new CompletableFuture<String>();
        listener.attach("/headers", request -> {
            headersSeen.complete(request.header("X-Trace") + " " + request.header("Authorization"));
            return new Echo(new CompletableFuture<>());
        });

        DuplexProcess.Result result = DuplexProcess.run("", "connect", "-H", "X-Trace: t-1", "--auth", "bearer:abc",
                "ws://127.0.0.1:" + listener.getPort() + "/headers");

        assertThat(result.exitCode()).isZero();
        assertThat(headersSeen).isCompletedWithValue("t-1 Bearer abc");
    }
}
