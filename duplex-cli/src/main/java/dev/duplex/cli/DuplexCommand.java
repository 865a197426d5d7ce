package dev.duplex.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code duplex} command: a demo server, an echo/broadcast server, an interactive client, a load generator and a
 * password hasher for user files.
 * Errors are one line on standard error and a non-zero exit code; {@code --verbose} adds the stack trace.
 */
@Command(name = "duplex", mixinStandardHelpOptions = true, version = "duplex 0.1.0",
        description = "WebSocket server, client and load generator built on the Duplex library.",
        subcommands = {DemoCommand.class, ServeCommand.class, ConnectCommand.class, BenchCommand.class,
            HashPasswordCommand.class,
            CommandLine.HelpCommand.class})
public final class DuplexCommand implements Runnable {
    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Log more, and print stack traces of errors.")
    boolean verbose;

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command with {@code args}; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        boolean verbose = java.util.Arrays.asList(args).contains("--verbose");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "debug" : "warn");
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        CommandLine commandLine = new CommandLine(new DuplexCommand());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler((failure, line, parsed) -> {
            line.getErr().println("duplex: " + describe(failure));
            if (verbose) {
                failure.printStackTrace(line.getErr());
            }
            line.getErr().flush();
            return 1;
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
        return message;
    }
}
