package dev.duplex.websocket.internal.dispatch;

import dev.duplex.websocket.Caller;
import dev.duplex.websocket.CloseFrame;
import dev.duplex.websocket.DataBindingException;
import dev.duplex.websocket.DispatcherConfig;
import dev.duplex.websocket.WebSocketException;
import dev.duplex.websocket.internal.binding.DispatchNames;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The remote methods of a service class (spec §3.2), found by name, checked and bound once per class. Each bound
 * method is adapted to one uniform shape, so dispatch never reflects per message:
 * <ul>
 *   <li>{@code onOpen}, {@code onIdleTimeout}: {@code (Object service, Caller) → Object}</li>
 *   <li>message methods ({@code onTextMessage}, {@code onBinaryMessage}, {@code onMessage} and custom methods):
 *       {@code (Object, Caller, Object message) → Object}, described by a {@link DataMethod}</li>
 *   <li>{@code onPing}, {@code onPong}: {@code (Object, Caller, byte[]) → Object}</li>
 *   <li>{@code onClose}: {@code (Object, Caller, int, String) → Object}</li>
 *   <li>{@code onError} and {@code on<Method>Error}: {@code (Object, Caller, Throwable) → Object}</li>
 * </ul>
 * Every public instance method whose name is {@code on} followed by an upper-case letter is a remote method: one of
 * the spec's, an error method {@code on<Method>Error} of a message method, or a custom method selected by the
 * service's {@code dispatcherKey} (spec §3.2.2). A method annotated with {@link DispatcherConfig} is a custom method
 * whatever its name. A method whose signature is wrong makes {@link #of} fail with a message naming it and the
 * signatures it accepts.
 *
 * <p>Thread safety: immutable.
 */
public final class ServiceModel {
    /** The names the spec gives a meaning. */
    static final Set<String> RESERVED = Set.of("onOpen", "onTextMessage", "onBinaryMessage", "onMessage", "onPing",
            "onPong", "onIdleTimeout", "onClose", "onError");

    private static final ClassValue<Object> MODELS = new ClassValue<>() {
        @Override
        protected Object computeValue(Class<?> type) {
            try {
                return new ServiceModel(type);
            } catch (IllegalArgumentException invalid) {
                return invalid;
            }
        }
    };

    private static final MethodType NO_ARG = MethodType.methodType(Object.class, Object.class, Caller.class);
    private static final MethodType MESSAGE_ARG = NO_ARG.appendParameterTypes(Object.class);
    private static final MethodType BYTES_ARG = NO_ARG.appendParameterTypes(byte[].class);
    private static final MethodType CLOSE_ARGS = NO_ARG.appendParameterTypes(int.class, String.class);
    private static final MethodType ERROR_ARG = NO_ARG.appendParameterTypes(Throwable.class);

    /** A bound error handler and the throwable type it declares (others are wrapped to fit). */
    record ErrorMethod(String name, MethodHandle handle, Class<?> parameter) {
    }

    /** A bound message method: the type it binds messages to and its own error method, if any. */
    public record DataMethod(String name, MethodHandle handle, Type parameterType, ErrorMethod errorMethod) {
    }

    final Class<?> type;
    final MethodHandle onOpen;
    final DataMethod onTextMessage;
    final DataMethod onBinaryMessage;
    final DataMethod onMessage;
    final MethodHandle onPing;
    final MethodHandle onPong;
    final MethodHandle onIdleTimeout;
    final MethodHandle onClose;
    final ErrorMethod onError;
    /** Custom methods by {@link DispatcherConfig#dispatcherValue()}. */
    final Map<String, DataMethod> byDispatcherValue;
    /** Custom methods without the annotation, by name. */
    final Map<String, DataMethod> byName;

    /**
     * The model of {@code type}, built on first use and cached.
     *
     * @throws IllegalArgumentException when a remote method's signature is wrong
     */
    public static ServiceModel of(Class<?> type) {
        Object model = MODELS.get(type);
        if (model instanceof IllegalArgumentException invalid) {
            throw new IllegalArgumentException(invalid.getMessage(), invalid);
        }
        return (ServiceModel) model;
    }

    private ServiceModel(Class<?> type) {
        this.type = type;
        refuseHiddenSpecMethods(type);
        refuseMisspelledSpecMethods(type);
        Map<String, Method> methods = remoteMethods(type);
        if (methods.containsKey("onMessage")
                && (methods.containsKey("onTextMessage") || methods.containsKey("onBinaryMessage"))) {
            throw invalid(type, "onMessage cannot be declared together with onTextMessage or onBinaryMessage: "
                    + "onMessage receives both kinds of message");
        }
        for (String reserved : RESERVED) {
            Method method = methods.get(reserved);
            if (method != null && method.isAnnotationPresent(DispatcherConfig.class)) {
                throw invalid(type, "@DispatcherConfig cannot be placed on " + reserved
                        + ": the spec gives that method its own meaning");
            }
        }
        List<Method> customMethods = new ArrayList<>();
        List<Method> errorMethods = new ArrayList<>();
        classify(methods, customMethods, errorMethods);
        Map<String, Method> errorsByName = errorMethods.stream()
                .collect(Collectors.toMap(Method::getName, m -> m, (a, b) -> a, LinkedHashMap::new));

        onOpen = bind(type, methods.get("onOpen"), NO_ARG, Returns.ANY, "onOpen()", "onOpen(Caller)");
        onTextMessage = dataMethod(type, methods.get("onTextMessage"), String.class, errorsByName);
        onBinaryMessage = dataMethod(type, methods.get("onBinaryMessage"), byte[].class, errorsByName);
        onMessage = dataMethod(type, methods.get("onMessage"), null, errorsByName);
        onPing = bind(type, methods.get("onPing"), BYTES_ARG, Returns.BYTES_OR_VOID,
                "onPing(byte[])", "onPing(Caller, byte[])");
        onPong = bind(type, methods.get("onPong"), BYTES_ARG, Returns.VOID, "onPong(byte[])", "onPong(Caller, byte[])");
        onIdleTimeout = bind(type, methods.get("onIdleTimeout"), NO_ARG, Returns.CLOSE_FRAME_OR_VOID,
                "onIdleTimeout()", "onIdleTimeout(Caller)");
        onClose = bindClose(type, methods.get("onClose"));
        onError = bindError(type, methods.get("onError"));

        Map<String, DataMethod> annotated = new LinkedHashMap<>();
        Map<String, DataMethod> named = new LinkedHashMap<>();
        for (Method method : customMethods) {
            DataMethod bound = dataMethod(type, method, null, errorsByName);
            DispatcherConfig config = method.getAnnotation(DispatcherConfig.class);
            if (config == null) {
                named.put(method.getName(), bound);
                continue;
            }
            String value = config.dispatcherValue();
            DataMethod previous = annotated.put(value, bound);
            if (previous != null) {
                throw invalid(type, "@DispatcherConfig(dispatcherValue = \"" + value + "\") is on both "
                        + previous.name() + " and " + method.getName());
            }
        }
        for (var entry : annotated.entrySet()) {
            String conventional = DispatchNames.methodName(entry.getKey());
            Method other = methods.get(conventional);
            // The spec's own methods never receive dispatch values: "ping" may go to an annotated method while
            // onPing keeps the control frames (the reason the annotation exists).
            if (other != null && !RESERVED.contains(conventional)
                    && !other.getName().equals(entry.getValue().name())) {
                throw invalid(type, "dispatcher value \"" + entry.getKey() + "\" is mapped to "
                        + entry.getValue().name() + " by @DispatcherConfig, but " + conventional
                        + " would receive it by name; rename or annotate one of them");
            }
        }
        byDispatcherValue = Collections.unmodifiableMap(annotated);
        byName = Collections.unmodifiableMap(named);
    }

    /**
     * Public instance methods that may be remote methods: named {@code on…}, annotated with {@link DispatcherConfig},
     * or the error method of an annotated method whatever its name; two with one name are refused.
     */
    private static Map<String, Method> remoteMethods(Class<?> type) {
        Set<String> annotatedNames = java.util.Arrays.stream(type.getMethods())
                .filter(m -> m.isAnnotationPresent(DispatcherConfig.class))
                .map(Method::getName)
                .collect(Collectors.toSet());
        Map<String, List<Method>> found = new LinkedHashMap<>();
        for (Method method : type.getMethods()) {
            if (Modifier.isStatic(method.getModifiers()) || method.isBridge() || method.isSynthetic()
                    || method.getDeclaringClass() == Object.class) {
                continue;
            }
            String name = method.getName();
            boolean errorOfAnnotated = name.endsWith("Error")
                    && annotatedNames.contains(name.substring(0, name.length() - "Error".length()));
            if (!isRemoteName(name) && !method.isAnnotationPresent(DispatcherConfig.class) && !errorOfAnnotated) {
                continue;
            }
            found.computeIfAbsent(method.getName(), n -> new ArrayList<>()).add(method);
        }
        Map<String, Method> methods = new LinkedHashMap<>();
        for (var entry : found.entrySet()) {
            if (entry.getValue().size() > 1) {
                throw invalid(type, "more than one method is named " + entry.getKey() + ": "
                        + entry.getValue().stream().map(ServiceModel::describe).collect(Collectors.joining(", ")));
            }
            methods.put(entry.getKey(), entry.getValue().get(0));
        }
        return methods;
    }

    /**
     * A method with one of the spec's names that is not public, or is static, would never be called: refused, as
     * is anything else that would be ignored without a word.
     */
    private static void refuseHiddenSpecMethods(Class<?> type) {
        Set<String> publicNames = java.util.Arrays.stream(type.getMethods())
                .filter(m -> !Modifier.isStatic(m.getModifiers()))
                .map(Method::getName)
                .collect(Collectors.toSet());
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method method : c.getDeclaredMethods()) {
                String name = method.getName();
                int modifiers = method.getModifiers();
                if (!RESERVED.contains(name) || method.isSynthetic() || method.isBridge()) {
                    continue;
                }
                if (Modifier.isStatic(modifiers)) {
                    throw invalid(type, describe(method) + " is static; a remote method must be a public instance"
                            + " method");
                }
                if (!Modifier.isPublic(modifiers) && !publicNames.contains(name)) {
                    String visibility = Modifier.isPrivate(modifiers) ? "private"
                            : Modifier.isProtected(modifiers) ? "protected" : "package-private";
                    throw invalid(type, describe(method) + " is " + visibility + "; a remote method must be a public"
                            + " instance method");
                }
            }
        }
    }

    /**
     * A public method whose name is one edit or two from a spec method's ({@code onTextMesage}, {@code onclose}) is
     * almost surely that method misspelled, and would be ignored (or taken for a custom method): refused, naming the
     * method meant. A custom method that looks alike on purpose says so with {@link DispatcherConfig}.
     */
    private static void refuseMisspelledSpecMethods(Class<?> type) {
        for (Method method : type.getMethods()) {
            if (Modifier.isStatic(method.getModifiers()) || method.isBridge() || method.isSynthetic()
                    || method.getDeclaringClass() == Object.class
                    || method.isAnnotationPresent(DispatcherConfig.class)) {
                continue;
            }
            String meant = LikelyMethodName.meantFor(method.getName());
            if (meant != null) {
                throw invalid(type, describe(method) + " is not a remote method of the spec and would never be"
                        + " called; did you mean " + meant + "? (A custom method with this name needs"
                        + " @DispatcherConfig(dispatcherValue = \"…\").)");
            }
        }
    }

    private static boolean isRemoteName(String name) {
        return name.length() > 2 && name.startsWith("on") && Character.isUpperCase(name.charAt(2));
    }

    /** Splits the non-reserved methods into custom message methods and error methods of message methods. */
    private static void classify(Map<String, Method> methods, List<Method> custom, List<Method> errors) {
        List<Method> candidates = methods.values().stream().filter(m -> !RESERVED.contains(m.getName())).toList();
        for (Method method : candidates) {
            String name = method.getName();
            boolean annotated = method.isAnnotationPresent(DispatcherConfig.class);
            if (!annotated && name.endsWith("Error") && name.length() > "Error".length()) {
                String base = name.substring(0, name.length() - "Error".length());
                Method target = methods.get(base);
                if (target != null && !Set.of("onOpen", "onPing", "onPong", "onIdleTimeout", "onClose", "onError")
                        .contains(base)) {
                    errors.add(method);
                    continue;
                }
            }
            custom.add(method);
        }
    }

    private enum Returns { ANY, VOID, BYTES_OR_VOID, CLOSE_FRAME_OR_VOID }

    /**
     * Binds a message method {@code (Caller?, T)}; {@code required} fixes {@code T} ({@code String} for
     * onTextMessage), {@code null} lets it be any type but {@code Caller}.
     */
    private static DataMethod dataMethod(Class<?> type, Method method, Class<?> required,
                                         Map<String, Method> errors) {
        if (method == null) {
            return null;
        }
        String name = method.getName();
        String shape = required == null ? "T" : required.getSimpleName();
        String[] accepted = {name + "(" + shape + ")", name + "(Caller, " + shape + ")"};
        Class<?>[] actual = method.getParameterTypes();
        boolean withCaller = actual.length == 2 && actual[0] == Caller.class;
        if (actual.length != (withCaller ? 2 : 1)) {
            throw wrongSignature(type, method, accepted);
        }
        Class<?> parameter = actual[actual.length - 1];
        if (parameter == Caller.class || (required != null && parameter != required)) {
            throw wrongSignature(type, method, accepted);
        }
        Type parameterType = method.getGenericParameterTypes()[actual.length - 1];
        MethodHandle handle = unreflect(method);
        if (!withCaller) {
            handle = MethodHandles.dropArguments(handle, 1, Caller.class);
        }
        Method errorMethod = errors.get(DispatchNames.errorMethodName(name));
        return new DataMethod(name, handle.asType(MESSAGE_ARG), parameterType,
                errorMethod == null ? null : bindError(type, errorMethod));
    }

    /** Binds a method taking an optional {@link Caller} then the parameters of {@code shape} after the caller. */
    private static MethodHandle bind(Class<?> type, Method method, MethodType shape, Returns returns,
                                     String... accepted) {
        if (method == null) {
            return null;
        }
        List<Class<?>> expected = shape.parameterList().subList(2, shape.parameterCount());
        Class<?>[] actual = method.getParameterTypes();
        boolean withCaller = actual.length == expected.size() + 1 && actual[0] == Caller.class;
        List<Class<?>> rest = List.of(actual).subList(withCaller ? 1 : 0, actual.length);
        if (!rest.equals(expected)) {
            throw wrongSignature(type, method, accepted);
        }
        checkReturn(type, method, returns);
        MethodHandle handle = unreflect(method);
        if (!withCaller) {
            handle = MethodHandles.dropArguments(handle, 1, Caller.class);
        }
        return handle.asType(shape);
    }

    private static MethodHandle bindClose(Class<?> type, Method method) {
        if (method == null) {
            return null;
        }
        String[] accepted = {"onClose()", "onClose(Caller)", "onClose(Caller, int)", "onClose(Caller, int, String)",
            "onClose(int)", "onClose(int, String)"};
        Class<?>[] actual = method.getParameterTypes();
        int i = 0;
        boolean withCaller = actual.length > 0 && actual[0] == Caller.class;
        if (withCaller) {
            i++;
        }
        boolean withCode = actual.length > i && actual[i] == int.class;
        if (withCode) {
            i++;
        }
        boolean withReason = withCode && actual.length > i && actual[i] == String.class;
        if (withReason) {
            i++;
        }
        if (i != actual.length) {
            throw wrongSignature(type, method, accepted);
        }
        checkReturn(type, method, Returns.VOID);
        MethodHandle handle = unreflect(method);
        int position = 1;
        if (!withCaller) {
            handle = MethodHandles.dropArguments(handle, position, Caller.class);
        }
        position++;
        if (!withCode) {
            handle = MethodHandles.dropArguments(handle, position, int.class);
        }
        position++;
        if (!withReason) {
            handle = MethodHandles.dropArguments(handle, position, String.class);
        }
        return handle.asType(CLOSE_ARGS);
    }

    private static ErrorMethod bindError(Class<?> type, Method method) {
        if (method == null) {
            return null;
        }
        String name = method.getName();
        String[] accepted = {name + "(Throwable)", name + "(Caller, Throwable)", name + "(Exception)",
            name + "(WebSocketException)", name + "(DataBindingException)", "each with an optional Caller first"};
        Class<?>[] actual = method.getParameterTypes();
        boolean withCaller = actual.length == 2 && actual[0] == Caller.class;
        if (actual.length != (withCaller ? 2 : 1)) {
            throw wrongSignature(type, method, accepted);
        }
        Class<?> error = actual[actual.length - 1];
        if (error != Throwable.class && error != Exception.class && error != RuntimeException.class
                && error != WebSocketException.class && error != DataBindingException.class) {
            throw wrongSignature(type, method, accepted);
        }
        checkReturn(type, method, Returns.CLOSE_FRAME_OR_VOID);
        MethodHandle handle = unreflect(method);
        if (!withCaller) {
            handle = MethodHandles.dropArguments(handle, 1, Caller.class);
        }
        return new ErrorMethod(name, handle.asType(ERROR_ARG), error);
    }

    private static void checkReturn(Class<?> type, Method method, Returns returns) {
        Class<?> result = method.getReturnType();
        boolean ok = switch (returns) {
            case ANY -> true;
            case VOID -> result == void.class;
            case BYTES_OR_VOID -> result == void.class || result == byte[].class;
            case CLOSE_FRAME_OR_VOID -> result == void.class || result == CloseFrame.class;
        };
        if (!ok) {
            String allowed = switch (returns) {
                case VOID -> "void";
                case BYTES_OR_VOID -> "void or byte[] (the pong to send)";
                default -> "void or CloseFrame";
            };
            throw invalid(type, describe(method) + " returns " + result.getSimpleName() + "; it must return "
                    + allowed);
        }
    }

    private static MethodHandle unreflect(Method method) {
        try {
            method.setAccessible(true);
            return MethodHandles.lookup().unreflect(method);
        } catch (IllegalAccessException | RuntimeException e) {
            throw new IllegalArgumentException("cannot call " + describe(method) + ": " + e.getMessage()
                    + " (make the class public, or open its package to dev.duplex.websocket)", e);
        }
    }

    private static IllegalArgumentException wrongSignature(Class<?> type, Method method, String... accepted) {
        return invalid(type, describe(method) + " has the wrong parameters; expected "
                + String.join(" or ", accepted));
    }

    private static IllegalArgumentException invalid(Class<?> type, String problem) {
        return new IllegalArgumentException("Service " + type.getName() + ": " + problem);
    }

    static String describe(Method method) {
        return method.getName() + "(" + java.util.Arrays.stream(method.getParameterTypes())
                .map(Class::getSimpleName).collect(Collectors.joining(", ")) + ")";
    }

    /** Whether the service handles pings itself. */
    public boolean answersPings() {
        return onPing != null;
    }

    /** {@return whether a method takes every text that no dispatcher value selects: onTextMessage or onMessage} */
    public boolean takesTexts() {
        return onTextMessage != null || onMessage != null;
    }

    /** {@return the name of the method that takes texts no dispatcher value selects, or {@code null}} */
    public String textMethodName() {
        return onTextMessage != null ? onTextMessage.name() : onMessage != null ? onMessage.name() : null;
    }

    /** The names of the custom methods, which only a {@code dispatcherKey} selects; empty when there are none. */
    public List<String> customMethodNames() {
        List<String> names = new ArrayList<>();
        byDispatcherValue.values().forEach(m -> names.add(m.name()));
        names.addAll(byName.keySet());
        return names;
    }

    /** Whether the service has custom methods for a {@code dispatcherKey} to select. */
    public boolean hasCustomMethods() {
        return !byDispatcherValue.isEmpty() || !byName.isEmpty();
    }

    /** The service class. */
    public Class<?> type() {
        return type;
    }

    /** Every message method, for descriptions such as AsyncAPI: onTextMessage, onBinaryMessage, onMessage, custom. */
    public Map<String, DataMethod> messageMethods() {
        Map<String, DataMethod> all = new LinkedHashMap<>();
        if (onTextMessage != null) {
            all.put(onTextMessage.name(), onTextMessage);
        }
        if (onBinaryMessage != null) {
            all.put(onBinaryMessage.name(), onBinaryMessage);
        }
        if (onMessage != null) {
            all.put(onMessage.name(), onMessage);
        }
        byDispatcherValue.values().forEach(m -> all.put(m.name(), m));
        byName.values().forEach(m -> all.put(m.name(), m));
        return all;
    }

    /** The dispatcher values that select each annotated custom method. */
    public Map<String, DataMethod> annotatedMethods() {
        return byDispatcherValue;
    }
}
