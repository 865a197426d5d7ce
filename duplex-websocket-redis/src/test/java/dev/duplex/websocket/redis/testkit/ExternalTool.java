package dev.duplex.websocket.redis.testkit;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A server program the cluster tests run as a child process and that a fresh clone's machine may lack, in the manner
 * of duplex-websocket's {@code testkit.OptionalTool}: a test that needs one calls {@link #assumeInstalled()} and is
 * skipped, naming the install step ({@code .ci/install-test-tools}, which installs Debian's packages); where the
 * environment variable {@value #REQUIRED_VARIABLE} is {@code true} (as {@code .ci/run} sets it after the install), a
 * missing program fails the test instead.
 *
 * <p>Thread safety: stateless.
 */
public enum ExternalTool {
    /** Debian's {@code redis-server}. */
    REDIS_SERVER("redis-server"),
    /** Debian's {@code haproxy} (installed in {@code /usr/sbin}, which a user's {@code PATH} may not hold). */
    HAPROXY("haproxy");

    /** The command that installs every optional tool, as the skip messages name it. */
    public static final String INSTALL_STEP = ".ci/install-test-tools";
    /** The environment variable that, when {@code true}, turns a missing tool from a skip into a failure. */
    public static final String REQUIRED_VARIABLE = "DUPLEX_REQUIRE_TEST_TOOLS";
    private static final List<String> SYSTEM_DIRECTORIES = List.of("/usr/sbin", "/usr/bin", "/sbin");

    private final String command;

    ExternalTool(String command) {
        this.command = command;
    }

    /** The executable: the first on the {@code PATH}, else in Debian's system directories. */
    public Optional<Path> executable() {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        return executable(Stream.concat(Stream.of(path.split(File.pathSeparator)), SYSTEM_DIRECTORIES.stream())
                .filter(directory -> !directory.isEmpty()).map(Path::of).toList());
    }

    /** The executable in the first of {@code directories} that holds it. */
    public Optional<Path> executable(List<Path> directories) {
        return directories.stream().map(directory -> directory.resolve(command)).filter(Files::isExecutable)
                .findFirst();
    }

    /** Why the tool cannot be used here, naming the install step; empty when it is installed. */
    public Optional<String> absence() {
        return absence(executable());
    }

    /** {@link #absence()} when the tool is looked for in {@code directories} only (a machine without it). */
    public Optional<String> absence(List<Path> directories) {
        return absence(executable(directories));
    }

    private Optional<String> absence(Optional<Path> executable) {
        return executable.isPresent() ? Optional.empty()
                : Optional.of(command + " is not installed (not on the PATH nor in " + SYSTEM_DIRECTORIES + "); "
                        + INSTALL_STEP + " installs Debian's " + command + " package");
    }

    /**
     * Skips the calling test with {@link #absence()}'s message when the tool is missing; fails it instead when
     * {@value #REQUIRED_VARIABLE} is {@code true}.
     *
     * @return the executable
     */
    public Path assumeInstalled() {
        Optional<String> absence = absence();
        if (absence.isPresent() && "true".equals(System.getenv(REQUIRED_VARIABLE))) {
            throw new AssertionError(absence.get() + " (required here: " + REQUIRED_VARIABLE + "=true)");
        }
        Assumptions.assumeTrue(absence.isEmpty(), absence::get);
        return executable().orElseThrow();
    }
}
