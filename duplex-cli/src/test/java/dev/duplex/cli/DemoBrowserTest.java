package dev.duplex.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
 * screenshot of both pages is left in {@code target/screenshots/demo-chat.png}.
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

    @Test
    void twoPagesJoinTheLobbyAndEachSeesTheOthersMessage() throws Exception {
        Path screenshot = moduleDirectory.resolve("target").resolve("screenshots").resolve("demo-chat.png");
        Files.createDirectories(screenshot.getParent());
        Files.deleteIfExists(screenshot);
        Path stdout = Files.createTempFile("demo-chat", ".out");
        Path stderr = Files.createTempFile("demo-chat", ".err");
        ProcessBuilder builder = new ProcessBuilder("node",
                moduleDirectory.resolve("src/test/playwright/demo-chat.cjs").toString(), pageUrl, screenshot.toString())
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
        JsonNode seen = JsonMapper.builder().build().readTree(Files.readString(stdout));
        assertThat(texts(seen.get("alice"))).contains("bob joined (2 here)", "alice:Hello Bob, this is Alice.",
                "bob:Hi Alice! Bob here.");
        assertThat(texts(seen.get("bob"))).contains("alice:Hello Bob, this is Alice.", "bob:Hi Alice! Bob here.");
        assertThat(texts(seen.get("problems"))).as("errors in the pages' consoles").isEmpty();
        assertThat(Files.size(screenshot)).isPositive();
        assertThat(Files.readAllBytes(screenshot)).startsWith(0x89, 'P', 'N', 'G');
        assertThat(demo.isAlive()).isTrue();
        assertThat(demo.stderr()).as("the demo's log").doesNotContain("ERROR", "Exception");
    }

    private static List<String> texts(JsonNode array) {
        return array.valueStream().map(JsonNode::asString).toList();
    }
}
