package dev.duplex.websocket.internal.dispatch;

import dev.duplex.websocket.Caller;
import dev.duplex.websocket.CloseFrame;
import dev.duplex.websocket.WebSocketException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The remote methods of a service class (spec §3.2.1), found by name, checked and bound once per class. Each bound
 * method is adapted to one uniform shape, so dispatch never reflects per message:
 * <ul>
 *   <li>{@code onOpen}, {@code onIdleTimeout}: {@code (Object service, Caller) → Object}</li>
 *   <li>{@code onTextMessage}: {@code (Object, Caller, String) → Object}</li>
 *   <li>{@code onBinaryMessage}, {@code onPing}, {@code onPong}: {@code (Object, Caller, byte[]) → Object}</li>
 *   <li>{@code onClose}: {@code (Object, Caller, int, String) → Object}</li>
 *   <li>{@code onError}: {@code (Object, Caller, Throwable) → Object}</li>
 * </ul>
 * A missing method is {@code null}. A method whose signature is wrong makes {@link #of} fail with a message naming it
 * and the signatures it accepts.
 *
 * <p>Thread safety: immutable.
 */
public final class ServiceModel {
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
    private static final MethodType TEXT_ARG = NO_ARG.appendParameterTypes(String.class);
    private static final MethodType BYTES_ARG = NO_ARG.appendParameterTypes(byte[].class);
    private static final MethodType CLOSE_ARGS = NO_ARG.appendParameterTypes(int.class, String.class);
    private static final MethodType ERROR_ARG = NO_ARG.appendParameterTypes(Throwable.class);

    final Class<?> type;
    final MethodHandle onOpen;
    final MethodHandle onTextMessage;
    final MethodHandle onBinaryMessage;
    final MethodHandle onPing;
    final MethodHandle onPong;
    final MethodHandle onIdleTimeout;
    final MethodHandle onClose;
    final MethodHandle onError;
    /** What {@code onError} declares it takes; a throwable of another kind is wrapped to fit. */
    final Class<?> errorParameter;

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
        Map<String, Method> methods = remoteMethods(type);
        if (methods.containsKey("onMessage")
                && (methods.containsKey("onTextMessage") || methods.containsKey("onBinaryMessage"))) {
            throw invalid(type, "onMessage cannot be declared together with onTextMessage or onBinaryMessage: "
                    + "onMessage receives both kinds of message");
        }
        onOpen = bind(type, methods.get("onOpen"), NO_ARG, Returns.ANY, "onOpen()", "onOpen(Caller)");
        onTextMessage = bind(type, methods.get("onTextMessage"), TEXT_ARG, Returns.ANY,
                "onTextMessage(String)", "onTextMessage(Caller, String)");
        onBinaryMessage = bind(type, methods.get("onBinaryMessage"), BYTES_ARG, Returns.ANY,
                "onBinaryMessage(byte[])", "onBinaryMessage(Caller, byte[])");
        onPing = bind(type, methods.get("onPing"), BYTES_ARG, Returns.BYTES_OR_VOID,
                "onPing(byte[])", "onPing(Caller, byte[])");
        onPong = bind(type, methods.get("onPong"), BYTES_ARG, Returns.VOID, "onPong(byte[])", "onPong(Caller, byte[])");
        onIdleTimeout = bind(type, methods.get("onIdleTimeout"), NO_ARG, Returns.CLOSE_FRAME_OR_VOID,
                "onIdleTimeout()", "onIdleTimeout(Caller)");
        onClose = bindClose(type, methods.get("onClose"));
        Method error = methods.get("onError");
        errorParameter = error == null ? Throwable.class : error.getParameterTypes()[error.getParameterCount() - 1];
        onError = bindError(type, error);
    }

    /** Public instance methods of {@code type} whose names the spec defines; two with one name are refused. */
    private static Map<String, Method> remoteMethods(Class<?> type) {
        List<String> names = List.of("onOpen", "onTextMessage", "onBinaryMessage", "onMessage", "onPing", "onPong",
                "onIdleTimeout", "onClose", "onError");
        Map<String, List<Method>> found = new LinkedHashMap<>();
        for (Method method : type.getMethods()) {
            if (Modifier.isStatic(method.getModifiers()) || method.isBridge() || method.isSynthetic()
                    || !names.contains(method.getName())) {
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

    private enum Returns { ANY, VOID, BYTES_OR_VOID, CLOSE_FRAME_OR_VOID }

    /**
     * Binds a method taking an optional {@link Caller} then the parameters of {@code shape} after the caller.
     */
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

    private static MethodHandle bindError(Class<?> type, Method method) {
        if (method == null) {
            return null;
        }
        String[] accepted = {"onError(Throwable)", "onError(Caller, Throwable)", "onError(Exception)",
            "onError(Caller, Exception)", "onError(WebSocketException)", "onError(Caller, WebSocketException)"};
        Class<?>[] actual = method.getParameterTypes();
        boolean withCaller = actual.length == 2 && actual[0] == Caller.class;
        if (actual.length != (withCaller ? 2 : 1)) {
            throw wrongSignature(type, method, accepted);
        }
        Class<?> error = actual[actual.length - 1];
        if (error != Throwable.class && error != Exception.class && error != RuntimeException.class
                && error != WebSocketException.class) {
            throw wrongSignature(type, method, accepted);
        }
        checkReturn(type, method, Returns.CLOSE_FRAME_OR_VOID);
        MethodHandle handle = unreflect(method);
        if (!withCaller) {
            handle = MethodHandles.dropArguments(handle, 1, Caller.class);
        }
        return handle.asType(ERROR_ARG);
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
}
