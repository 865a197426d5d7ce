package dev.duplex.websocket.internal.server;

import dev.duplex.websocket.AuthenticatedPrincipal;
import dev.duplex.websocket.AuthenticationException;
import dev.duplex.websocket.Authenticator;
import dev.duplex.websocket.ListenerAuthConfig;
import dev.duplex.websocket.UpgradeException;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service's {@code auth} list (spec §5.2) applied to an upgrade request, in order: the first authenticator that
 * recognises the request decides — it passes when the principal has any required scope, else 403; when none does,
 * 401 with a {@code WWW-Authenticate} challenge for each.
 *
 * <p>Thread safety: stateless; runs on a worker (authenticators may block).
 */
final class UpgradeAuthentication {
    private static final Logger LOG = LoggerFactory.getLogger(UpgradeAuthentication.class);

    private UpgradeAuthentication() {
    }

    /**
     * Authenticates {@code request} for {@code route}, recording the principal on it; does nothing when the route
     * has no {@code auth} list.
     *
     * @throws UpgradeException with 401 or 403 to refuse
     */
    static void authenticate(RouteTable.Route route, DefaultUpgradeRequest request) {
        List<ListenerAuthConfig> configs = route.config().auth();
        if (configs.isEmpty()) {
            return;
        }
        String failure = "missing credentials";
        for (int i = 0; i < configs.size(); i++) {
            AuthenticatedPrincipal principal;
            try {
                principal = route.authenticators().get(i).authenticate(request);
            } catch (AuthenticationException rejected) {
                failure = rejected.getMessage();
                LOG.debug("authentication of {} failed: {}", request, rejected.getMessage());
                continue;
            }
            if (principal == null) {
                continue;
            }
            if (!principal.hasAnyScope(configs.get(i).scopes())) {
                throw new UpgradeException(403, "forbidden: " + principal.name() + " has none of the scopes "
                        + configs.get(i).scopes());
            }
            request.authenticatedAs(principal);
            return;
        }
        String challenges = route.authenticators().stream().map(Authenticator::challenge)
                .distinct().collect(Collectors.joining(", "));
        throw new UpgradeException(401, "unauthorized: " + failure).withHeader("WWW-Authenticate", challenges);
    }
}
