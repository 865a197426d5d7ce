package dev.duplex.websocket.testkit;

import io.netty.util.ResourceLeakDetector;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Netty's leak detector, recording every leak it finds instead of only logging it, so a test can assert that none
 * happened. Installed with {@code -Dio.netty.customResourceLeakDetector=} this class's name (and
 * {@code -Dio.netty.leakDetection.level=paranoid} to track every buffer), in a JVM of its own: Netty reads both once,
 * when its first buffer is made.
 *
 * <p>Thread safety: the record is a concurrent list.
 */
public final class RecordingLeakDetector<T> extends ResourceLeakDetector<T> {
    private static final List<String> LEAKS = new CopyOnWriteArrayList<>();
    private static volatile boolean installed;

    public RecordingLeakDetector(Class<?> resourceType, int samplingInterval) {
        super(resourceType, samplingInterval);
        installed = true;
    }

    public RecordingLeakDetector(Class<?> resourceType, int samplingInterval, long maxActive) {
        this(resourceType, samplingInterval);
    }

    /** Whether Netty is using this detector (the JVM was started with the properties above). */
    public static boolean installed() {
        return installed;
    }

    /** The leaks found so far: the resource and, when traced, where it was last touched. */
    public static List<String> leaks() {
        return List.copyOf(LEAKS);
    }

    /** Forgets the leaks recorded so far. */
    public static void clear() {
        LEAKS.clear();
    }

    @Override
    protected boolean needReport() {
        return true;
    }

    @Override
    protected void reportTracedLeak(String resourceType, String records) {
        LEAKS.add(resourceType + " leaked:" + records);
    }

    @Override
    protected void reportUntracedLeak(String resourceType) {
        LEAKS.add(resourceType + " leaked (untraced)");
    }
}
