package dev.duplex.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.duplex.websocket.redis.testkit.RedisServerProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code duplex demo} as a user meets it: the command runs as its own process, and two pages of headless Chromium,
 * driven by Playwright ({@code src/test/playwright/demo-chat.cjs}), join the chat and see each other's messages. The
 * screenshot of both pages is left in {@code target/screenshots/demo-chat.png}. The page's behaviour at the edges —
 * long words, room switches, a blank name, the words for a close, reconnecting when the server comes back — is
 * checked one scenario at a time by {@code src/test/playwright/demo-page.cjs}.
 *
 * <p>Needs node, playwright-core in {@code .tools/playwright} and {@code /usr/bin/chromium}, which
 * {@code .ci/install-test-tools} installs; skipped, naming what is missing, when one is (failed instead with
 * {@code DUPLEX_REQUIRE_TEST_TOOLS=true}, as {@code .ci/run} sets it after the install).
 */
class DemoBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final long SCRIPT_TIMEOUT_SECONDS = 120;

    private static Path moduleDirectory;
    private static Path playwrightModules;
    private static DuplexProcess demo;
    private static String pageUrl;

    /** What is missing to run the test, naming the install step; {@code null} when everything is installed. */
    private static String missing;

    @BeforeAll
    static void startTheDemo() {
        moduleDirectory = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
        playwrightModules = moduleDirectory.resolveSibling(".tools").resolve("playwright").resolve("node_modules");
        if (!Files.isExecutable(CHROMIUM)) {
            missing = "Debian's chromium is not installed at " + CHROMIUM + "; .ci/install-test-tools installs it";
        } else if (!nodeRuns()) {
            missing = "node is not installed (no node on the PATH); .ci/install-test-tools installs Debian's nodejs";
        } else if (!Files.isDirectory(playwrightModules.resolve("playwright-core"))) {
            missing = "playwright-core is not installed in " + playwrightModules + "; .ci/install-test-tools installs it";
        } else {
            demo = DuplexProcess.start("demo", "--port", "0", "--host", "127.0.0.1");
            pageUrl = demo.awaitStdout(Pattern.compile("http://127\\.0\\.0\\.1:\\d+/")).group();
        }
    }

    @BeforeEach
    void skipWithoutTheTools() {
        // Per test, so that the skip is reported with its reason (an assumption in @BeforeAll reports no test).
        // Where the tools must be present (.ci/run sets the variable after installing them), a missing one fails.
        if (missing != null && "true".equals(System.getenv("DUPLEX_REQUIRE_TEST_TOOLS"))) {
            throw new AssertionError(missing + " (required here: DUPLEX_REQUIRE_TEST_TOOLS=true)");
        }
        assumeTrue(missing == null, () -> missing);
    }

    @AfterAll
    static void stopTheDemo() {
        if (demo != null) {
            demo.close();
        }
    }

    private static boolean nodeRuns() {
        try {
            Process node = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            node.getInputStream().readAllBytes();
            return node.waitFor(30, TimeUnit.SECONDS) && node.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Runs {@code demo-chat.cjs}: alice's page on {@code aliceUrl}, bob's on {@code bobUrl}; returns what each page's
     * log shows, after checking the script succeeded and left a PNG at {@code screenshot}.
     */
    private static JsonNode chat(String aliceUrl, String bobUrl, String screenshotName) throws Exception {
        Path screenshot = moduleDirectory.resolve("target").resolve("screenshots").resolve(screenshotName);
        Files.createDirectories(screenshot.getParent());
        Files.deleteIfExists(screenshot);
        Path stdout = Files.createTempFile("demo-chat", ".out");
        Path stderr = Files.createTempFile("demo-chat", ".err");
        List<String> command = new ArrayList<>(List.of("node",
                moduleDirectory.resolve("src/test/playwright/demo-chat.cjs").toString(), aliceUrl,
                screenshot.toString()));
        if (!bobUrl.equals(aliceUrl)) {
            command.add(bobUrl);
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        builder.environment().put("NODE_PATH", playwrightModules.toString());

        Process script = builder.start();
        boolean finished = script.waitFor(SCRIPT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!finished) {
            script.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }

        assertThat(finished).as("the browser script finished within %d s", SCRIPT_TIMEOUT_SECONDS).isTrue();
        assertThat(script.exitValue()).as("exit code; stderr: %s", Files.readString(stderr)).isZero();
        assertThat(Files.size(screenshot)).isPositive();
        assertThat(Files.readAllBytes(screenshot)).startsWith(0x89, 'P', 'N', 'G');
        return JsonMapper.builder().build().readTree(Files.readString(stdout));
    }

    @Test
    void twoPagesJoinTheLobbyAndEachSeesTheOthersMessage() throws Exception {
        JsonNode seen = chat(pageUrl, pageUrl, "demo-chat.png");

        assertThat(texts(seen.get("alice"))).contains("bob joined (2 here)", "alice:Hello Bob, this is Alice.",
                "bob:Hi Alice! Bob here.");
        assertThat(texts(seen.get("bob"))).contains("alice:Hello Bob, this is Alice.", "bob:Hi Alice! Bob here.");
        assertThat(texts(seen.get("problems"))).as("errors in the pages' consoles").isEmpty();
        assertThat(demo.isAlive()).isTrue();
        assertThat(demo.stderr()).as("the demo's log").doesNotContain("ERROR", "Exception");
    }

    @Test
    void twoPagesOnTwoDemosSharingRedisSeeEachOthersMessages() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start();
             DuplexProcess first = DuplexProcess.start("demo", "--port", "0", "--host", "127.0.0.1", "--redis",
                     redis.uri());
             DuplexProcess second = DuplexProcess.start("demo", "--port", "0", "--host", "127.0.0.1", "--redis",
                     redis.uri())) {
            Pattern url = Pattern.compile("http://127\\.0\\.0\\.1:\\d+/");
            // Connected to Redis, so that a join counts the members of both demos.
            for (DuplexProcess demo : List.of(first, second)) {
                org.awaitility.Awaitility.await("the demo to connect to Redis").atMost(DuplexProcess.TIMEOUT)
                        .until(() -> demo.stderr().contains("is available"));
            }
            JsonNode seen = chat(first.awaitStdout(url).group(), second.awaitStdout(url).group(),
                    "demo-chat-two-nodes.png");

            assertThat(texts(seen.get("alice"))).contains("bob joined (2 here)", "alice:Hello Bob, this is Alice.",
                    "bob:Hi Alice! Bob here.");
            assertThat(texts(seen.get("bob"))).contains("alice:Hello Bob, this is Alice.", "bob:Hi Alice! Bob here.");
            assertThat(texts(seen.get("problems"))).as("errors in the pages' consoles").isEmpty();
            assertThat(first.stderr() + second.stderr()).as("the demos' logs").doesNotContain("ERROR", "Exception");
        }
    }

    @Test
    void aLongWordWrapsInsteadOfWideningThePage() throws Exception {
        JsonNode widths = page("long-word", pageUrl, line -> null).get("widths");

        assertThat(widths.get("messageScrollWidth").asInt()).as("the message's content width (%s)", widths)
                .isLessThanOrEqualTo(widths.get("messageClientWidth").asInt());
        assertThat(widths.get("logScrollWidth").asInt()).as("the log's content width (%s)", widths)
                .isLessThanOrEqualTo(widths.get("logClientWidth").asInt());
        assertThat(widths.get("documentScrollWidth").asInt()).as("the page's width (%s)", widths)
                .isLessThanOrEqualTo(widths.get("windowInnerWidth").asInt());
    }

    @Test
    void aRoomSwitchIsMarkedInTheLog() throws Exception {
        JsonNode seen = page("room-switch", pageUrl, line -> null);

        assertThat(texts(seen.get("log"))).containsSubsequence("— you joined room lobby —", "alice joined (1 here)",
                "— you joined room games —", "alice joined (1 here)");
    }

    @Test
    void aNameOfOnlySpacesIsRefusedAndNothingIsSent() throws Exception {
        JsonNode seen = page("blank-name", pageUrl, line -> null);

        assertThat(seen.get("status").asString()).isEqualTo("Type a name to join: a name cannot be only spaces.");
        assertThat(seen.get("validationMessage").asString()).as("the name field's own message")
                .isEqualTo("Type a name to join: a name cannot be only spaces.");
        assertThat(texts(seen.get("sockets"))).as("WebSockets the page opened").isEmpty();
        assertThat(texts(seen.get("log"))).isEmpty();
    }

    @Test
    void aCloseIsExplainedInWordsWithItsCode() throws Exception {
        JsonNode seen = page("close-texts", pageUrl, line -> null);

        assertThat(texts(seen.get("texts"))).containsExactly(
                "Disconnected: the connection was closed normally (1000)",
                "Disconnected: the server is going away (1001)",
                "Disconnected: the connection was lost (1006)",
                "Disconnected: the server refused it as a policy violation (1008)",
                "Disconnected: a message was too big (1009)",
                "Disconnected: the server hit an error (1011)",
                "Disconnected: the connection was closed (4000)");
        assertThat(seen.get("delays").valueStream().map(JsonNode::asInt).toList()).as("the back-off in ms")
                .containsExactly(500, 1000, 2000, 4000, 8000, 10000, 10000, 10000);
    }

    /**
     * The demo is stopped under the page (SIGTERM: its connections close with 1001) and started again on the same
     * port, picked once by the first start ({@code --port 0}); the page says why it was disconnected, backs off
     * while the server is down, and reconnects and chats once it is back.
     */
    @Test
    void thePageExplainsAStopAndReconnectsWithBackOffWhenTheServerComesBack() throws Exception {
        DuplexProcess[] server = {DuplexProcess.start("demo", "--port", "0", "--host", "127.0.0.1")};
        try {
            Matcher url = server[0].awaitStdout(Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/"));
            String port = url.group(1);

            JsonNode seen = page("reconnect", url.group(), request -> switch (request) {
                case "stop-the-server" -> {
                    assertThat(server[0].stop().stderr()).as("the first demo's log")
                            .doesNotContain("ERROR", "Exception");
                    yield "stopped";
                }
                case "start-the-server" -> {
                    server[0] = DuplexProcess.start("demo", "--port", port, "--host", "127.0.0.1");
                    server[0].awaitStdout(Pattern.compile("http://127\\.0\\.0\\.1:" + port + "/"));
                    yield "started";
                }
                default -> throw new AssertionError("the script asked for " + request);
            });

            String down = "Disconnected: the server is going away (1001)";
            String lost = "Disconnected: the connection was lost (1006)";
            assertThat(texts(seen.get("log"))).containsSubsequence("— you joined room lobby —",
                    "alice:before the stop", down, "— reconnected to room lobby —", "alice:after the restart");
            assertThat(texts(seen.get("statuses"))).containsSubsequence("in room lobby as alice",
                    down + " — reconnecting in 0.5 s", lost + " — reconnecting in 1 s",
                    lost + " — reconnecting in 2 s",
                    "in room lobby as alice");
            assertThat(seen.get("messageEnabled").asBoolean()).isTrue();
            assertThat(server[0].isAlive()).isTrue();
            assertThat(server[0].stderr()).as("the second demo's log").doesNotContain("ERROR", "Exception");
        } finally {
            server[0].close();
        }
    }

    /**
     * Runs {@code demo-page.cjs scenario url} and returns the JSON it prints; any other line it prints is a request,
     * answered with a line of what {@code answer} returns. The script is killed after {@link #SCRIPT_TIMEOUT_SECONDS}.
     */
    private JsonNode page(String scenario, String url, Function<String, String> answer) throws Exception {
        Path stderr = Files.createTempFile("demo-page", ".err");
        ProcessBuilder builder = new ProcessBuilder("node",
                moduleDirectory.resolve("src/test/playwright/demo-page.cjs").toString(), scenario, url)
                .redirectError(stderr.toFile());
        builder.environment().put("NODE_PATH", playwrightModules.toString());
        Process script = builder.start();
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor();
        watchdog.schedule(script::destroyForcibly, SCRIPT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        List<String> output = new ArrayList<>();
        String result = null;
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(script.getInputStream(), StandardCharsets.UTF_8));
             Writer requests = new OutputStreamWriter(script.getOutputStream(), StandardCharsets.UTF_8)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                output.add(line);
                if (line.startsWith("{")) {
                    result = line;
                } else {
                    requests.write(answer.apply(line) + "\n");
                    requests.flush();
                }
            }
            boolean finished = script.waitFor(SCRIPT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            assertThat(finished).as("the browser script finished within %d s", SCRIPT_TIMEOUT_SECONDS).isTrue();
        } finally {
            watchdog.shutdownNow();
            script.destroyForcibly();
        }
        assertThat(script.exitValue()).as("exit code of %s; output: %s; stderr: %s", scenario, output,
                Files.readString(stderr)).isZero();
        assertThat(result).as("the JSON line of %s", scenario).isNotNull();
        JsonNode seen = JsonMapper.builder().build().readTree(result);
        if (seen.has("problems")) {
            assertThat(texts(seen.get("problems"))).as("errors in the page's console").isEmpty();
        }
        return seen;
    }

    private static List<String> texts(JsonNode array) {
        return array.valueStream().map(JsonNode::asString).toList();
    }
}
