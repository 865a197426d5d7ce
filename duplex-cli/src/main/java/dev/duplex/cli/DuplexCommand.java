package dev.duplex.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code duplex} command: a demo server, an echo/broadcast server, an interactive client, a load generator and a
 * password hasher for user files.
 * Errors are one line on standard error, starting {@code duplex:}, and a non-zero exit code: 1 when the command
 * failed, 2 when the command line does not parse; {@code --verbose} adds the stack trace. Subcommands write to the
 * command line's out and err writers, so {@link #run(String[], PrintWriter, PrintWriter)} captures everything.
 */
@Command(name = "duplex", mixinStandardHelpOptions = true, version = "duplex 0.1.0",
        description = "WebSocket server, client and load generator built on the Duplex library.",
        subcommands = {DemoCommand.class, ServeCommand.class, ConnectCommand.class, BenchCommand.class,
            HashPasswordCommand.class,
            CommandLine.HelpCommand.class})
public final class DuplexCommand implements Runnable {
    /** Exit code of a failed command: the error is the one line on standard error. */
    static final int EXIT_FAILURE = 1;
    /** Exit code of a command line that does not parse (unknown option, missing argument). */
    static final int EXIT_USAGE = 2;

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Log more, and print stack traces of errors.")
    boolean verbose;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command: demo, serve, connect or bench");
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command with {@code args}; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        boolean verbose = java.util.Arrays.asList(args).contains("--verbose");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "debug" : "warn");
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        if (!verbose) {
            // With --redis: that Redis went away is a warning, that it is back an INFO line worth seeing too.
            System.setProperty("org.slf4j.simpleLogger.log.dev.duplex.websocket.redis", "info");
        }
        CommandLine commandLine = new CommandLine(new DuplexCommand());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler((failure, line, parsed) -> {
            line.getErr().println("duplex: " + describe(failure));
            if (verbose) {
                failure.printStackTrace(line.getErr());
            }
            line.getErr().flush();
            return EXIT_FAILURE;
        });
        // Picocli's default prints the whole usage after the message; one line that names the help is clearer.
        commandLine.setParameterExceptionHandler((failure, arguments) -> {
            CommandLine line = failure.getCommandLine();
            line.getErr().println("duplex: " + failure.getMessage() + " (see '"
                    + line.getCommandSpec().qualifiedName() + " --help')");
            line.getErr().flush();
            return EXIT_USAGE;
        });
        return commandLine.execute(args);
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        if (message == null || message.isBlank()) {
            message = failure.getClass().getSimpleName();
        }
        Throwable cause = failure.getCause();
        if (cause != null && cause.getMessage() != null && !message.contains(cause.getMessage())) {
            message += " (" + cause.getMessage() + ")";
        }
        // One line, whatever the exception's message holds, in the command line's words.
        return ErrorText.forPeople(message.replaceAll("\\s*\\R\\s*", " "));
    }
}
