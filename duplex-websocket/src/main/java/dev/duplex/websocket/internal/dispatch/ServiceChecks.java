package dev.duplex.websocket.internal.dispatch;

import dev.duplex.websocket.ServiceConfig;
import dev.duplex.websocket.WsServiceConfig;
import dev.duplex.websocket.internal.logging.ProblemLog;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Mistakes that depend on how a service is attached, not only on its class ({@link ServiceModel} checks that): custom
 * methods without a {@code dispatcherKey} to select them, and {@link ServiceConfig} placed on the service class, where
 * nothing reads it. Refusals are exceptions; what the spec allows but is probably a mistake is a warning. Run at {@code attach} when the upgrade service declares its service class, else at each upgrade
 * (the answer is then a 500 and the problem is logged).
 *
 * <p>Thread safety: stateless.
 */
public final class ServiceChecks {
    private ServiceChecks() {
    }

    /**
     * Checks a service class as attached and reports what would work but is probably not meant: custom methods that
     * the missing {@code dispatcherKey} leaves unused while {@code onTextMessage} (or {@code onMessage}) takes every
     * text, which the spec allows (a service class may be attached with and without a key).
     *
     * @param model              the service class's model
     * @param config             the settings it is attached with
     * @param upgradeServiceType the class of the upgrade service that returns it (where {@code @ServiceConfig} is
     *                           read)
     * @return the warnings, each naming the service class and the fix; empty when there is nothing to say
     * @throws IllegalArgumentException naming the service class, the mistake and the fix, when part of the service
     *                                  would never run: {@code @ServiceConfig} on the service class, or custom
     *                                  methods without a {@code dispatcherKey} and no method that takes texts
     */
    public static List<String> check(ServiceModel model, WsServiceConfig config, Class<?> upgradeServiceType) {
        Class<?> type = model.type();
        if (type != upgradeServiceType && type.isAnnotationPresent(ServiceConfig.class)) {
            throw new IllegalArgumentException("Service " + type.getName() + " carries @ServiceConfig, which is read"
                    + " only on the upgrade service (" + upgradeServiceType.getName() + "); move the annotation there,"
                    + " or pass a WsServiceConfig to Listener.attach");
        }
        List<String> custom = model.customMethodNames();
        if (config.dispatcherKey() != null || custom.isEmpty()) {
            return List.of();
        }
        String problem = "Service " + type.getName() + " declares custom method" + (custom.size() == 1 ? " " : "s ")
                + String.join(", ", custom) + ", which would never be called: WsServiceConfig.dispatcherKey is not"
                + " set (set it, or @ServiceConfig(dispatcherKey = …) on the upgrade service, to name the JSON field"
                + " that selects them)";
        if (!model.takesTexts()) {
            throw new IllegalArgumentException(problem);
        }
        return List.of(problem + "; meanwhile every text goes to " + model.textMethodName());
    }

    /** Logs each warning of {@link #check} once per service class and JVM, so a busy route does not repeat it. */
    public static void warnOnce(Class<?> serviceType, List<String> warnings, ProblemLog log) {
        if (!warnings.isEmpty() && WARNED.get(serviceType).compareAndSet(false, true)) {
            warnings.forEach(log::warn);
        }
    }

    private static final ClassValue<AtomicBoolean> WARNED = new ClassValue<>() {
        @Override
        protected AtomicBoolean computeValue(Class<?> type) {
            return new AtomicBoolean();
        }
    };
}
