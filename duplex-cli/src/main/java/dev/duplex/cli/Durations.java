package dev.duplex.cli;

import java.time.Duration;

/** Parses durations written as {@code 500ms}, {@code 2s}, {@code 1m} or a plain number of seconds. */
final class Durations {
    private Durations() {
    }

    static Duration parse(String text, String option) {
        Duration duration = parseUnchecked(text.strip(), option);
        if (duration.isNegative()) {
            throw new IllegalArgumentException(option + " must not be negative, was '" + text + "'");
        }
        return duration;
    }

    private static Duration parseUnchecked(String value, String option) {
        try {
            if (value.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
            }
            if (value.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(value.substring(0, value.length() - 1)) * 1000));
            }
            if (value.endsWith("m")) {
                return Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)) * 60);
            }
            return Duration.ofMillis(Math.round(Double.parseDouble(value) * 1000));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a duration such as 500ms, 2s or 1m, was '" + value + "'");
        }
    }
}
