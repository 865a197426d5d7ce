package dev.duplex.websocket.internal.server;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A service path: literal segments and {@code {name}} parameters, e.g. {@code /chat/{room}}. Matching is by whole
 * segments; a trailing slash is ignored. Templates order by specificity: more literal segments first, then literal
 * before parameter segment by segment from the left.
 *
 * <p>Thread safety: immutable.
 */
public final class PathTemplate implements Comparable<PathTemplate> {
    private final String text;
    private final List<String> segments;
    /** For each segment, the parameter name, or {@code null} for a literal. */
    private final List<String> parameters;
    private final int literals;

    private PathTemplate(String text, List<String> segments, List<String> parameters) {
        this.text = text;
        this.segments = segments;
        this.parameters = parameters;
        this.literals = (int) parameters.stream().filter(p -> p == null).count();
    }

    /**
     * Parses a service path.
     *
     * @throws IllegalArgumentException when it does not start with '/', has an empty or malformed parameter, or
     *                                  repeats a parameter name
     */
    public static PathTemplate parse(String path) {
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("service path must start with '/', was " + path);
        }
        List<String> segments = split(path);
        List<String> parameters = new ArrayList<>();
        for (String segment : segments) {
            if (segment.startsWith("{") && segment.endsWith("}")) {
                String name = segment.substring(1, segment.length() - 1);
                if (name.isEmpty() || name.contains("{") || name.contains("}")) {
                    throw new IllegalArgumentException("malformed path parameter '" + segment + "' in " + path);
                }
                if (parameters.contains(name)) {
                    throw new IllegalArgumentException("path parameter {" + name + "} appears twice in " + path);
                }
                parameters.add(name);
            } else if (segment.contains("{") || segment.contains("}")) {
                throw new IllegalArgumentException("a path parameter must be a whole segment: '" + segment + "' in "
                        + path);
            } else {
                parameters.add(null);
            }
        }
        return new PathTemplate("/" + String.join("/", segments), List.copyOf(segments),
                java.util.Collections.unmodifiableList(parameters));
    }

    /** The non-empty segments between slashes; runs for every request, so it scans instead of using a regex split. */
    static List<String> split(String path) {
        List<String> segments = new ArrayList<>(4);
        int start = 0;
        while (start < path.length()) {
            int end = path.indexOf('/', start);
            if (end < 0) {
                end = path.length();
            }
            if (end > start) {
                segments.add(path.substring(start, end));
            }
            start = end + 1;
        }
        return segments;
    }

    /**
     * The segments of a request's raw path, as routes match them: split at slashes, each stripped of its matrix
     * parameters (RFC 3986 §3.3: from the first literal {@code ;} of a segment, as in {@code /isOpen/abc;a=4;b=5}; the
     * reference implementation strips them too), then percent-decoded, so an encoded {@code %3B} stays part of the
     * segment. A segment that was only matrix parameters drops out, as an empty segment does.
     *
     * @throws IllegalArgumentException when a segment holds a malformed percent escape
     */
    public static List<String> decodedSegments(String rawPath) {
        List<String> decoded = new ArrayList<>(4);
        for (String segment : split(rawPath)) {
            int matrix = segment.indexOf(';');
            String path = matrix < 0 ? segment : segment.substring(0, matrix);
            if (!path.isEmpty()) {
                decoded.add(QueryStringDecoder.decodeComponent(path));
            }
        }
        return decoded;
    }

    /** The path parameters when {@code pathSegments} (decoded) match, else {@code null}. */
    public Map<String, String> match(List<String> pathSegments) {
        if (pathSegments.size() != segments.size()) {
            return null;
        }
        Map<String, String> values = null;
        for (int i = 0; i < segments.size(); i++) {
            String parameter = parameters.get(i);
            if (parameter == null) {
                if (!segments.get(i).equals(pathSegments.get(i))) {
                    return null;
                }
            } else {
                if (values == null) {
                    values = new LinkedHashMap<>();
                }
                values.put(parameter, pathSegments.get(i));
            }
        }
        return values == null ? Map.of() : values;
    }

    /** The normalised form, used as the attach key. */
    @Override
    public String toString() {
        return text;
    }

    /** The same template shape: equal literals and parameters in the same places (names may differ). */
    public String shape() {
        StringBuilder shape = new StringBuilder();
        for (int i = 0; i < segments.size(); i++) {
            shape.append('/').append(parameters.get(i) == null ? segments.get(i) : "{}");
        }
        return shape.length() == 0 ? "/" : shape.toString();
    }

    @Override
    public int compareTo(PathTemplate other) {
        if (literals != other.literals) {
            return Integer.compare(other.literals, literals);
        }
        for (int i = 0; i < Math.min(parameters.size(), other.parameters.size()); i++) {
            boolean mine = parameters.get(i) == null;
            boolean theirs = other.parameters.get(i) == null;
            if (mine != theirs) {
                return mine ? -1 : 1;
            }
        }
        return text.compareTo(other.text);
    }
}
