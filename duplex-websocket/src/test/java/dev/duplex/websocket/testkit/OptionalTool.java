package dev.duplex.websocket.testkit;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A program or package that some tests check Duplex against and that a fresh clone does not have: each test that
 * needs one calls {@link #assumeInstalled()} and is skipped, never failed, when it is absent, with a message naming
 * what is missing and the install step ({@code .ci/install-test-tools}, which installs all of them on Debian).
 *
 * <p>Where the tools must be present (the environment variable {@value #REQUIRED_VARIABLE} is {@code true}, as
 * {@code .ci/run} sets it after the install), a missing tool fails the test instead, so that a CI run cannot pass by
 * skipping.
 *
 * <p>Packages installed by npm live in the git-ignored {@code .tools/} folder of the repository root, found from the
 * working directory (Maven runs tests in the module's folder).
 *
 * <p>Thread safety: stateless; every method may be called from any thread.
 */
public enum OptionalTool {
    /** The {@code node} executable on the {@code PATH}. */
    NODE {
        @Override
        public Optional<String> absence(Path root) {
            return onPath("node").isPresent() ? Optional.empty()
                    : Optional.of("node is not installed (no node on the PATH); " + INSTALL_STEP
                            + " installs Debian's nodejs");
        }
    },
    /** Node's {@code ws} package in {@code .tools/node-ws}, and {@code node} to run it. */
    NODE_WS {
        @Override
        public Optional<String> absence(Path root) {
            return NODE.absence(root).or(() -> Files.isRegularFile(nodeWsModules(root).resolve("ws/package.json"))
                    ? Optional.empty()
                    : Optional.of("Node's ws package is not installed in " + nodeWsModules(root) + "; "
                            + INSTALL_STEP + " installs it from duplex-websocket/src/test/node-ws/package.json"));
        }
    },
    /** Python's {@code websockets} for {@code /usr/bin/python3} (Debian's python3-websockets). */
    PYTHON_WEBSOCKETS {
        @Override
        public Optional<String> absence(Path root) {
            return runs(SYSTEM_PYTHON, "-c", "import websockets") ? Optional.empty()
                    : Optional.of("Python's websockets is not installed for " + SYSTEM_PYTHON + "; " + INSTALL_STEP
                            + " installs Debian's python3-websockets");
        }
    },
    /** A Chromium executable on the {@code PATH}. */
    CHROMIUM {
        @Override
        public Optional<String> absence(Path root) {
            return chromium().isPresent() ? Optional.empty()
                    : Optional.of("Chromium is not installed (no chromium or chromium-browser on the PATH); "
                            + INSTALL_STEP + " installs Debian's chromium");
        }
    },
    /** The official AsyncAPI 3.0 JSON Schema from npm's {@code @asyncapi/specs}, in {@code .tools/asyncapi}. */
    ASYNCAPI_SCHEMA {
        @Override
        public Optional<String> absence(Path root) {
            return Files.isRegularFile(asyncApi30Schema(root)) ? Optional.empty()
                    : Optional.of("the AsyncAPI 3.0 JSON Schema is not installed (" + asyncApi30Schema(root) + "); "
                            + INSTALL_STEP + " installs it with npm");
        }
    };

    /** The command that installs every optional tool, as the skip messages name it. */
    public static final String INSTALL_STEP = ".ci/install-test-tools";

    /** The environment variable that, when {@code true}, turns a missing tool from a skip into a failure. */
    public static final String REQUIRED_VARIABLE = "DUPLEX_REQUIRE_TEST_TOOLS";

    /** The system Python, where Debian installs python3-websockets (a pyenv python3 on the PATH may lack it). */
    public static final String SYSTEM_PYTHON = "/usr/bin/python3";

    /**
     * Why this tool cannot be used in the repository at {@code root}, naming the install step; empty when it is
     * installed.
     */
    public abstract Optional<String> absence(Path root);

    /** {@link #absence(Path)} for this repository. */
    public Optional<String> absence() {
        return absence(repositoryRoot());
    }

    /**
     * Skips the calling test (a JUnit assumption) with {@link #absence()}'s message when the tool is missing; fails it
     * with that message instead when {@value #REQUIRED_VARIABLE} is {@code true}.
     */
    public void assumeInstalled() {
        Optional<String> absence = absence();
        if (absence.isPresent() && "true".equals(System.getenv(REQUIRED_VARIABLE))) {
            throw new AssertionError(absence.get() + " (required here: " + REQUIRED_VARIABLE + "=true)");
        }
        Assumptions.assumeTrue(absence.isEmpty(), absence::get);
    }

    /** {@code node_modules} of the {@code ws} install under {@code root}. */
    public static Path nodeWsModules(Path root) {
        return root.resolve(".tools/node-ws/node_modules");
    }

    /** {@link #nodeWsModules(Path)} of this repository. */
    public static Path nodeWsModules() {
        return nodeWsModules(repositoryRoot());
    }

    /** The AsyncAPI 3.0 schema file under {@code root}. */
    public static Path asyncApi30Schema(Path root) {
        return root.resolve(".tools/asyncapi/node_modules/@asyncapi/specs/schemas/3.0.0-without-$id.json");
    }

    /** The first Chromium executable on the {@code PATH}. */
    public static Optional<Path> chromium() {
        return Stream.of("chromium", "chromium-browser").map(OptionalTool::onPath).flatMap(Optional::stream)
                .findFirst();
    }

    /**
     * The repository's root: the working directory or the nearest parent holding {@code .ci/install-test-tools};
     * the working directory itself when none does.
     */
    public static Path repositoryRoot() {
        Path start = Path.of("").toAbsolutePath();
        for (Path directory = start; directory != null; directory = directory.getParent()) {
            if (Files.isRegularFile(directory.resolve(INSTALL_STEP))) {
                return directory;
            }
        }
        return start;
    }

    private static Optional<Path> onPath(String command) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        return Stream.of(path.split(File.pathSeparator))
                .filter(directory -> !directory.isEmpty())
                .map(directory -> Path.of(directory, command))
                .filter(Files::isExecutable)
                .findFirst();
    }

    private static boolean runs(String executable, String... arguments) {
        if (!Files.isExecutable(Path.of(executable))) {
            return false;
        }
        try {
            Process process = new ProcessBuilder(Stream.concat(Stream.of(executable), Stream.of(arguments)).toList())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
