package dev.duplex.cli;

import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Checks of option values that picocli's types cannot express, refused as usage errors (exit code 2) naming the
 * option and the value, before anything starts.
 *
 * <p>Thread safety: stateless.
 */
final class OptionChecks {
    private OptionChecks() {
    }

    /** @throws ParameterException when {@code value} is under 1 */
    static void atLeastOne(CommandSpec spec, String option, int value) {
        if (value < 1) {
            throw new ParameterException(spec.commandLine(), option + " must be at least 1, was " + value);
        }
    }

    /** @throws ParameterException when {@code file}'s directory does not exist or cannot be written to */
    static void writableFile(CommandSpec spec, String option, java.nio.file.Path file) {
        java.nio.file.Path directory = file.toAbsolutePath().getParent();
        if (directory == null || !java.nio.file.Files.isDirectory(directory)) {
            throw new ParameterException(spec.commandLine(), option + " " + file + ": the directory " + directory
                    + " does not exist");
        }
        if (!java.nio.file.Files.isWritable(directory)
                || (java.nio.file.Files.exists(file) && !java.nio.file.Files.isWritable(file))) {
            throw new ParameterException(spec.commandLine(), option + " " + file + ": cannot write there");
        }
    }

    /** @throws ParameterException when an entry is blank or holds a comma or a space (not a sub-protocol token) */
    static void tokens(CommandSpec spec, String option, List<String> values) {
        for (String value : values) {
            if (value.isBlank() || value.contains(",") || value.contains(" ")) {
                throw new ParameterException(spec.commandLine(), option + " must be a token (not blank, no comma or"
                        + " space), was '" + value + "'");
            }
        }
    }
}
