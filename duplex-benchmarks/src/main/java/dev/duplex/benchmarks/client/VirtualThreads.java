package dev.duplex.benchmarks.client;

import java.util.concurrent.ThreadFactory;

/** Virtual threads on JDK 21 and later, found reflectively: the benchmarks are compiled for Java 17. */
final class VirtualThreads {
    private VirtualThreads() {
    }

    static boolean available() {
        try {
            Thread.class.getMethod("ofVirtual");
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /** @throws IllegalStateException before JDK 21 */
    static ThreadFactory factory() {
        try {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            return (ThreadFactory) Class.forName("java.lang.Thread$Builder").getMethod("factory").invoke(builder);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("virtual threads need JDK 21 or later; this is "
                    + Runtime.version(), e);
        }
    }
}
