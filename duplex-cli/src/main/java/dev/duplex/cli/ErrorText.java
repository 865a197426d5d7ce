package dev.duplex.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites a message of the library for the command line: ISO-8601 durations ({@code PT2S}) in the format the options
 * take ({@code 2s}, {@code 500ms}), and a library setting ({@code ClientConfiguration.handShakeTimeout}) as the option
 * that sets it ({@code --handshake-timeout}).
 *
 * <p>Thread safety: stateless.
 */
final class ErrorText {
    private static final Pattern ISO_DURATION = Pattern.compile("\\bPT(?:\\d+H)?(?:\\d+M)?(?:\\d+(?:\\.\\d+)?S)?\\b");
    private static final Pattern SETTING = Pattern.compile(
            "\\b(?:ClientConfiguration|WsServiceConfig|ListenerConfiguration)\\.(\\w+)");
    /** The settings the commands expose, by the option that sets them. */
    private static final Map<String, String> OPTIONS = Map.of(
            "handShakeTimeout", "--handshake-timeout",
            "maxMessageSize", "--max-message-size",
            "maxFrameSize", "--max-frame-size",
            "idleTimeout", "--idle-timeout",
            "subProtocols", "--subprotocol",
            "host", "--host");

    private ErrorText() {
    }

    /** {@return {@code message} with its durations and setting names as the command line writes them} */
    static String forPeople(String message) {
        if (message == null) {
            return null;
        }
        return replace(SETTING, replace(ISO_DURATION, message, ErrorText::duration), ErrorText::option);
    }

    private static String duration(Matcher iso) {
        if (iso.group().equals("PT")) {
            return iso.group();
        }
        try {
            Duration duration = Duration.parse(iso.group());
            long millis = duration.toMillis();
            return millis % 1000 != 0 ? millis + "ms" : millis / 1000 + "s";
        } catch (DateTimeParseException | ArithmeticException notADuration) {
            return iso.group();
        }
    }

    private static String option(Matcher setting) {
        return OPTIONS.getOrDefault(setting.group(1), setting.group());
    }

    private static String replace(Pattern pattern, String text, java.util.function.Function<Matcher, String> with) {
        Matcher matcher = pattern.matcher(text);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(result, Matcher.quoteReplacement(with.apply(matcher)));
        }
        matcher.appendTail(result);
        return result.toString();
    }
}
