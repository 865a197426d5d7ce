package dev.duplex.websocket;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Maps a value of the service's {@code dispatcherKey} to this method, whatever its name (spec §3.2.2, rule 3 of
 * custom dispatching; {@code @websocket:DispatcherConfig}). It wins over the naming rule:
 *
 * <pre>{@code
 * @DispatcherConfig(dispatcherValue = "subscribe")
 * public String onSubscribeMessage(Subscribe message) { ... }
 * }</pre>
 *
 * <p>Two methods with one value, or this annotation on a method the spec reserves ({@code onOpen},
 * {@code onMessage}, {@code onTextMessage} …), are refused when the service is attached.
 *
 * <p>Thread safety: an annotation; immutable.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface DispatcherConfig {
    /**
     * The value of the dispatcher key that selects this method.
     *
     * @return the value, compared exactly
     */
    String dispatcherValue();
}
