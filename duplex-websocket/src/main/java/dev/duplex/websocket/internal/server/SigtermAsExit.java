package dev.duplex.websocket.internal.server;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes SIGTERM an orderly exit: {@code System.exit(0)}, which runs the shutdown hooks and ends the process with
 * status 0. The JVM's own handling also runs the hooks but exits with 143 (128 + 15), which service managers and
 * scripts read as a failure, while SIGTERM is the usual request to stop a service ({@code docker stop}, systemd,
 * Kubernetes).
 *
 * <p>Uses {@code sun.misc.Signal} of the {@code jdk.unsupported} module, through reflection so that the build has no
 * proprietary-API warning. Where it is missing, or the JVM keeps SIGTERM for itself ({@code -Xrs}), nothing changes:
 * the shutdown hooks still run, and the process exits with 143. SIGINT (Ctrl+C) keeps the JVM's handling.
 *
 * <p>Thread safety: {@link #install()} may be called from any thread; only the first call acts.
 */
public final class SigtermAsExit {
    private static final Logger LOG = LoggerFactory.getLogger(SigtermAsExit.class);
    private static final AtomicBoolean INSTALLED = new AtomicBoolean();

    private SigtermAsExit() {
    }

    /** Installs the SIGTERM handler once per JVM; later calls do nothing. */
    public static void install() {
        if (!INSTALLED.compareAndSet(false, true)) {
            return;
        }
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handler = Class.forName("sun.misc.SignalHandler");
            Object exitNormally = Proxy.newProxyInstance(SigtermAsExit.class.getClassLoader(),
                    new Class<?>[] {handler}, (proxy, method, arguments) -> {
                        if (method.getName().equals("handle")) {
                            System.exit(0);
                            return null;
                        }
                        return switch (method.getName()) {
                            case "hashCode" -> System.identityHashCode(proxy);
                            case "equals" -> proxy == arguments[0];
                            case "toString" -> "SIGTERM as System.exit(0)";
                            default -> throw new UnsupportedOperationException(method.getName());
                        };
                    });
            Object term = signal.getConstructor(String.class).newInstance("TERM");
            Method handle = signal.getMethod("handle", signal, handler);
            handle.invoke(null, term, exitNormally);
        } catch (InvocationTargetException refused) {
            LOG.debug("SIGTERM keeps the JVM's handling (exit status 143): {}", refused.getCause().toString());
        } catch (ReflectiveOperationException | LinkageError | RuntimeException unavailable) {
            LOG.debug("SIGTERM keeps the JVM's handling (exit status 143): {}", unavailable.toString());
        }
    }
}
