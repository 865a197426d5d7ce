package dev.duplex.examples.guide;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "A server and a client in 30 seconds" is a program that works as pasted: run in its own JVM, as
 * {@code java QuickStart} would, it prints both echoes and ends by itself.
 */
@Timeout(60)
class QuickStartTest {
    @TempDir
    Path directory;

    @Test
    void theProgramPrintsTheEchoesOfItsTextAndBinaryMessagesAndTheJvmEndsWithStatus0() throws Exception {
        Path output = directory.resolve("stdout.txt");
        Process program = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"),
                QuickStart.class.getName()))
                .redirectOutput(output.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        boolean ended = program.waitFor(45, TimeUnit.SECONDS);
        if (!ended) {
            program.destroyForcibly();
        }

        assertThat(ended).as("the program ended by itself").isTrue();
        assertThat(program.exitValue()).isZero();
        assertThat(Files.readAllLines(output)).containsExactly("Hello, Duplex", "3 bytes back");
    }
}
