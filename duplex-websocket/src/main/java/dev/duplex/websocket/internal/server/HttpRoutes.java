package dev.duplex.websocket.internal.server;

import dev.duplex.websocket.HttpHandler;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The plain HTTP routes of a shared listener, by method and path template; the most specific path wins.
 * A template ending in {@code /**} matches the rest of the path (for static content), exposed as path parameter
 * {@code "**"}.
 *
 * <p>Thread safety: copy-on-write.
 */
public final class HttpRoutes {
    /** One route. */
    public record Route(String method, PathTemplate template, boolean prefix, HttpHandler handler) {
    }

    /** A match: the route and its path parameters. */
    public record Match(Route route, Map<String, String> pathParams) {
    }

    private volatile List<Route> routes = List.of();

    public synchronized void add(String method, String path, HttpHandler handler) {
        boolean prefix = path.endsWith("/**");
        PathTemplate template = PathTemplate.parse(prefix ? path.substring(0, path.length() - 3) + "/" : path);
        for (Route existing : routes) {
            if (existing.method().equals(method) && existing.prefix() == prefix
                    && existing.template().shape().equals(template.shape())) {
                throw new IllegalArgumentException("a " + method + " route is already registered at " + path);
            }
        }
        List<Route> next = new ArrayList<>(routes);
        next.add(new Route(method, template, prefix, handler));
        next.sort((a, b) -> a.prefix() != b.prefix() ? (a.prefix() ? 1 : -1) : a.template().compareTo(b.template()));
        routes = Collections.unmodifiableList(next);
    }

    /** Whether any route exists. */
    public boolean isEmpty() {
        return routes.isEmpty();
    }

    /** The route for {@code method} and the decoded path segments, or {@code null}. */
    public Match match(String method, List<String> segments) {
        for (Route route : routes) {
            if (!route.method().equals(method) && !(method.equals("HEAD") && route.method().equals("GET"))) {
                continue;
            }
            if (!route.prefix()) {
                Map<String, String> params = route.template().match(segments);
                if (params != null) {
                    return new Match(route, params);
                }
                continue;
            }
            int fixed = PathTemplate.split(route.template().toString()).size();
            if (segments.size() < fixed) {
                continue;
            }
            Map<String, String> params = route.template().match(segments.subList(0, fixed));
            if (params != null) {
                var withRest = new java.util.LinkedHashMap<>(params);
                withRest.put("**", String.join("/", segments.subList(fixed, segments.size())));
                return new Match(route, withRest);
            }
        }
        return null;
    }

    /** Whether a route of another method matches the path (so the answer is 405, not 404). */
    public boolean matchesOtherMethod(List<String> segments) {
        for (Route route : routes) {
            if (match(route.method(), segments) != null) {
                return true;
            }
        }
        return false;
    }
}
