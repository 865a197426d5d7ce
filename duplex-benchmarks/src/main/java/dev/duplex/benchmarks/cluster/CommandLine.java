package dev.duplex.benchmarks.cluster;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code --name value} options of a cluster command; {@code --tag key=value} may repeat and is kept in order.
 * Immutable once parsed.
 */
record CommandLine(Map<String, String> values, Map<String, String> tags) {

    static CommandLine parse(String[] args) {
        Map<String, String> values = new HashMap<>();
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value, got " + args[i]);
            }
            String name = args[i].substring(2);
            if (name.equals("tag")) {
                int equals = args[i + 1].indexOf('=');
                tags.put(args[i + 1].substring(0, equals), args[i + 1].substring(equals + 1));
            } else {
                values.put(name, args[i + 1]);
            }
        }
        return new CommandLine(Map.copyOf(values), tags);
    }

    String required(String name) {
        String value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    String value(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    int intValue(String name, int fallback) {
        return values.containsKey(name) ? Integer.parseInt(values.get(name)) : fallback;
    }

    long longValue(String name, long fallback) {
        return values.containsKey(name) ? Long.parseLong(values.get(name)) : fallback;
    }

    /** A duration written as {@code 5s} or {@code 500ms}. */
    Duration duration(String name, Duration fallback) {
        String value = values.get(name);
        if (value == null) {
            return fallback;
        }
        return value.endsWith("ms") ? Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)))
                : Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)));
    }
}
