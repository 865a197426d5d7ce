package dev.duplex.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The top-level command: help, version, and how a command line that does not parse is reported. */
class DuplexCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int duplex(String... args) {
        return DuplexCommand.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void printsTheVersion() {
        assertThat(duplex("--version")).isZero();
        assertThat(out.toString()).isEqualToIgnoringNewLines("duplex 0.1.0");
    }

    @Test
    void listsTheSubcommandsInItsHelp() {
        assertThat(duplex("--help")).isZero();
        assertThat(out.toString()).contains("demo", "serve", "connect", "bench");
    }

    @Test
    void printsASubcommandsHelp() {
        assertThat(duplex("help", "bench")).isZero();
        assertThat(out.toString()).contains("Usage: duplex bench", "--in-flight", "--json");
    }

    @Test
    void reportsAMissingCommandInOneLineWithExitCode2() {
        assertThat(duplex()).isEqualTo(2);
        assertThat(err.toString().lines().toList())
                .containsExactly("duplex: missing command: demo, serve, connect or bench (see 'duplex --help')");
    }

    @Test
    void reportsAnUnknownCommandInOneLineWithExitCode2() {
        assertThat(duplex("frob")).isEqualTo(2);
        assertThat(err.toString().lines().toList()).singleElement().asString()
                .startsWith("duplex: Unmatched argument at index 0: 'frob'")
                .endsWith("(see 'duplex --help')");
    }

    @Test
    void reportsAnUnknownOptionOfASubcommandInOneLineWithExitCode2() {
        assertThat(duplex("bench", "--frob", "ws://127.0.0.1:1/")).isEqualTo(2);
        assertThat(err.toString().lines().toList())
                .containsExactly("duplex: Unknown option: '--frob' (see 'duplex bench --help')");
    }

    @Test
    void reportsAnOptionValueOfTheWrongTypeInOneLineWithExitCode2() {
        assertThat(duplex("demo", "--port", "eighty")).isEqualTo(2);
        assertThat(err.toString().lines().toList()).singleElement().asString()
                .startsWith("duplex: Invalid value for option '--port': 'eighty' is not an int");
    }
}
