package dev.duplex.cli;

import dev.duplex.websocket.auth.PasswordHash;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code duplex hash-password}: reads a password and prints its hash for a user file of
 * {@code FileUserStoreConfig} ({@code name:hash[:scopes]}). From a terminal the password is read twice without echo;
 * otherwise the first line of standard input is the password (so {@code printf %s "$PW" | duplex hash-password}
 * works in scripts). The password never appears on the command line, where other users could see it.
 */
@Command(name = "hash-password", mixinStandardHelpOptions = true,
        description = {"Print a password hash for a Duplex user file (name:hash[:scope,scope]).",
            "Reads the password from the terminal without echo, or the first line of standard input."})
final class HashPasswordCommand implements Callable<Integer> {
    @Option(names = "--algorithm", defaultValue = "pbkdf2",
            description = "pbkdf2 (PBKDF2WithHmacSHA256) or bcrypt. Default: ${DEFAULT-VALUE}.")
    String algorithm;

    @Option(names = "--iterations", defaultValue = "600000",
            description = "PBKDF2 iterations, at least 1000. Default: ${DEFAULT-VALUE}.")
    int iterations;

    @Option(names = "--cost", defaultValue = "12", description = "bcrypt cost, 4 to 31. Default: ${DEFAULT-VALUE}.")
    int cost;

    @Option(names = "--user", description = "Print a whole user-file line: USER:hash[:scopes].")
    String user;

    @Option(names = "--scopes", split = ",",
            description = "Scopes for the --user line, comma-separated; a scope may contain ':' (ws:connect).")
    String[] scopes = new String[0];

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        requireALineTheUserFileReadsBack();
        var given = spec.commandLine().getParseResult();
        if (given.hasMatchedOption("--cost") && !algorithm.equals("bcrypt")) {
            throw new ParameterException(spec.commandLine(), "--cost applies to bcrypt only; with " + algorithm
                    + " use --iterations (pbkdf2)");
        }
        if (given.hasMatchedOption("--iterations") && !algorithm.equals("pbkdf2")) {
            throw new ParameterException(spec.commandLine(), "--iterations applies to pbkdf2 only; with " + algorithm
                    + " use --cost (bcrypt)");
        }
        char[] password = readPassword();
        try {
            if (password.length == 0) {
                throw new IllegalArgumentException("the password is empty");
            }
            String hash = switch (algorithm) {
                case "pbkdf2" -> PasswordHash.pbkdf2(password, iterations);
                case "bcrypt" -> PasswordHash.bcrypt(password, cost);
                default -> throw new IllegalArgumentException("--algorithm must be pbkdf2 or bcrypt, was " + algorithm);
            };
            PrintWriter out = spec.commandLine().getOut();
            if (user == null) {
                out.println(hash);
            } else {
                out.println(user + ":" + hash + (scopes.length == 0 ? "" : ":" + String.join(",", scopes)));
            }
            out.flush();
            return 0;
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /**
     * Refuses a user name or scope that the user file would read back otherwise than given: the file's format is
     * {@code name:hash[:scope,scope]}, names and scopes are stripped, and a line starting with {@code #} is a comment.
     * Scopes may contain {@code :} (the file takes everything after the hash as scopes).
     */
    private void requireALineTheUserFileReadsBack() {
        if (user == null) {
            if (scopes.length > 0) {
                // A usage error (exit 2), like the other options that do not go together.
                throw new ParameterException(spec.commandLine(), "--scopes needs --user: scopes belong to a"
                        + " user-file line (USER:hash:scopes), and a bare hash has none");
            }
            return;
        }
        if (user.isEmpty() || user.contains(":") || user.startsWith("#") || !user.equals(user.strip())
                || hasControlCharacter(user)) {
            throw new IllegalArgumentException("--user must be non-empty, without ':', control characters or"
                    + " surrounding blanks, and not start with '#' (a comment in the user file), was '" + user + "'");
        }
        for (String scope : scopes) {
            if (scope.isEmpty() || !scope.equals(scope.strip()) || hasControlCharacter(scope)) {
                throw new IllegalArgumentException("--scopes must be non-empty scopes without control characters or"
                        + " surrounding blanks, separated by single commas; scope '" + scope + "' is not");
            }
        }
    }

    private static boolean hasControlCharacter(String text) {
        return text.chars().anyMatch(Character::isISOControl);
    }

    private static char[] readPassword() throws IOException {
        Console console = System.console();
        if (console != null) {
            char[] first = console.readPassword("Password: ");
            char[] second = console.readPassword("Again: ");
            if (first == null || second == null) {
                throw new IllegalArgumentException("no password read");
            }
            boolean same = Arrays.equals(first, second);
            Arrays.fill(second, '\0');
            if (!same) {
                Arrays.fill(first, '\0');
                throw new IllegalArgumentException("the two passwords differ");
            }
            return first;
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line = in.readLine();
        if (line == null) {
            throw new IllegalArgumentException("no password on standard input");
        }
        return line.toCharArray();
    }
}
