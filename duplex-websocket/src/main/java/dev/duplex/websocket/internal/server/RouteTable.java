package dev.duplex.websocket.internal.server;

import dev.duplex.websocket.UpgradeService;
import dev.duplex.websocket.WsServiceConfig;
import dev.duplex.websocket.internal.binding.MessageBinder;
import io.netty.channel.WriteBufferWaterMark;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The services attached to a listener, by path template; the most specific match wins.
 *
 * <p>Thread safety: copy-on-write; attach and detach may run while requests are matched.
 */
public final class RouteTable {
    /**
     * One attached service; {@code authenticators} match {@code config.auth()} one to one. {@code shared} holds what
     * the service's connections share, made once with the route rather than once per connection.
     */
    public record Route(PathTemplate template, UpgradeService upgradeService, WsServiceConfig config,
                        List<dev.duplex.websocket.Authenticator> authenticators, SharedByConnections shared) {
        public Route {
            authenticators = List.copyOf(authenticators);
        }

        public Route(PathTemplate template, UpgradeService upgradeService, WsServiceConfig config,
                     List<dev.duplex.websocket.Authenticator> authenticators) {
            this(template, upgradeService, config, authenticators, new SharedByConnections(config));
        }
    }

    /**
     * The immutable objects every connection of a service uses: its outbound buffer bounds (writers wait above
     * {@code writeBufferSize}, until it drains below half) and how its messages are bound (its codec).
     */
    public record SharedByConnections(WriteBufferWaterMark waterMark, MessageBinder binder) {
        SharedByConnections(WsServiceConfig config) {
            this(new WriteBufferWaterMark(config.writeBufferSize() / 2, config.writeBufferSize()),
                    new MessageBinder(config.codec(), config.validation()));
        }
    }

    /** A matched route and the path parameters it bound. */
    public record Match(Route route, Map<String, String> pathParams) {
    }

    private volatile List<Route> routes = List.of();

    /** @throws IllegalArgumentException when a service is already attached at a path of the same shape */
    public synchronized void add(Route route) {
        for (Route existing : routes) {
            if (existing.template().shape().equals(route.template().shape())) {
                throw new IllegalArgumentException("a service is already attached at " + existing.template()
                        + "; detach it first");
            }
        }
        List<Route> next = new ArrayList<>(routes);
        next.add(route);
        next.sort((a, b) -> a.template().compareTo(b.template()));
        routes = Collections.unmodifiableList(next);
    }

    /** Removes the route at {@code path}; returns whether there was one. Its authenticators are closed. */
    public boolean remove(String path) {
        String shape = PathTemplate.parse(path).shape();
        return removeWhere(r -> r.template().shape().equals(shape));
    }

    /** Removes every route of {@code service}; returns whether there was one. Their authenticators are closed. */
    public boolean remove(UpgradeService service) {
        return removeWhere(r -> r.upgradeService() == service);
    }

    /** Removes every route and closes their authenticators (the listener stopped). */
    public void clear() {
        removeWhere(r -> true);
    }

    private boolean removeWhere(java.util.function.Predicate<Route> which) {
        List<Route> removed = new ArrayList<>();
        synchronized (this) {
            List<Route> next = new ArrayList<>(routes);
            for (Route route : routes) {
                if (which.test(route)) {
                    removed.add(route);
                    next.remove(route);
                }
            }
            routes = Collections.unmodifiableList(next);
        }
        for (Route route : removed) {
            for (dev.duplex.websocket.Authenticator authenticator : route.authenticators()) {
                try {
                    authenticator.close();
                } catch (RuntimeException failure) {
                    org.slf4j.LoggerFactory.getLogger(RouteTable.class)
                            .warn("closing the authenticator of {} failed", route.template(), failure);
                }
            }
        }
        return !removed.isEmpty();
    }

    /** The most specific route matching the path's segments (each percent-decoded), or {@code null}. */
    public Match match(List<String> segments) {
        for (Route route : routes) {
            Map<String, String> params = route.template().match(segments);
            if (params != null) {
                return new Match(route, params);
            }
        }
        return null;
    }
}
