package dev.duplex.websocket.internal.server;

import dev.duplex.websocket.AuthorizationException;
import dev.duplex.websocket.Service;
import dev.duplex.websocket.UpgradeException;
import dev.duplex.websocket.internal.dispatch.ServiceChecks;
import dev.duplex.websocket.internal.dispatch.ServiceModel;
import dev.duplex.websocket.internal.logging.ProblemLog;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * What a route decides about an upgrade request: its authenticators, then its upgrade service, give either the
 * {@link Accepted} service or a {@link Refused} answer. Runs where the upgrade service may run (a worker, or the event
 * loop for an {@code EVENT_LOOP} route without authenticators); the outcome is applied on the event loop.
 *
 * <p>Thread safety: the records are immutable; {@link #of} is stateless.
 */
sealed interface UpgradeDecision {
    /** Failures of upgrade services, which must be seen even without an SLF4J provider. */
    ProblemLog PROBLEMS = ProblemLog.of(UpgradeDecision.class);

    /** The service for the connection, and its model (checked, bound once). */
    record Accepted(Service service, ServiceModel model) implements UpgradeDecision {
    }

    /** The answer that refuses the upgrade. */
    record Refused(Refusal refusal) implements UpgradeDecision {
    }

    /**
     * Asks {@code route} about {@code request}: an {@link UpgradeException} refuses with its status, body and headers;
     * an {@link AuthorizationException} (the spec's AuthzError) with 403; anything else thrown — a checked exception
     * that {@code onUpgrade} does not declare included — with 500, logged.
     */
    static UpgradeDecision of(RouteTable.Route route, DefaultUpgradeRequest request) {
        try {
            UpgradeAuthentication.authenticate(route, request);
            Service service = route.upgradeService().onUpgrade(request);
            if (service == null) {
                throw new IllegalStateException("the upgrade service at " + route.template() + " returned null");
            }
            ServiceModel model = ServiceModel.of(service.getClass());
            ServiceChecks.warnOnce(service.getClass(),
                    ServiceChecks.check(model, route.config(), route.upgradeService().getClass()), PROBLEMS);
            return new Accepted(service, model);
        } catch (UpgradeException refused) {
            return new Refused(new Refusal(HttpResponseStatus.valueOf(refused.status()),
                    refused.getMessage() == null ? "" : refused.getMessage(), refused.headers(), true));
        } catch (AuthorizationException forbidden) {
            // Valid credentials without the right to connect, from an authenticator or the upgrade service itself.
            return new Refused(Refusal.of(HttpResponseStatus.FORBIDDEN,
                    forbidden.getMessage() == null ? "" : forbidden.getMessage()));
        } catch (Exception | Error failure) {
            // Exception, not RuntimeException: code compiled from another JVM language may throw a checked exception
            // that onUpgrade does not declare, and it must be answered like any other failure, not lost on a worker.
            PROBLEMS.error("upgrade service at " + route.template() + " failed for " + request + "; answering 500",
                    failure);
            return new Refused(Refusal.of(HttpResponseStatus.INTERNAL_SERVER_ERROR, "upgrade failed"));
        }
    }
}
