package dev.duplex.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The public API is the package root, dev.duplex.websocket (STYLE.md: "a test keeps the API from exposing internal
 * types"): no public or protected signature there may mention a type of {@code dev.duplex.websocket.internal}, so the
 * engine can change without breaking users; and the package holds only interfaces, annotations, records, enums,
 * exceptions and final classes.
 */
class PublicApiTest {
    private static List<Class<?>> apiClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        Path root = Path.of(Listener.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("dev/duplex/websocket");
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.list(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                Class<?> type = Class.forName("dev.duplex.websocket." + file.getFileName().toString()
                        .replace(".class", ""), false, PublicApiTest.class.getClassLoader());
                if (Modifier.isPublic(type.getModifiers())) {
                    classes.add(type);
                }
            }
        }
        return classes;
    }

    private static boolean internal(Type type) {
        return type.getTypeName().contains(".internal.");
    }

    private static boolean visible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static boolean leaks(Executable executable) {
        return Stream.of(executable.getGenericParameterTypes()).anyMatch(PublicApiTest::internal)
                || Stream.of(executable.getGenericExceptionTypes()).anyMatch(PublicApiTest::internal);
    }

    @Test
    void noPublicSignatureOfTheApiMentionsAnInternalType() throws Exception {
        List<String> leaks = new ArrayList<>();
        for (Class<?> type : apiClasses()) {
            if (internal(type.getGenericSuperclass() == null ? Object.class : type.getGenericSuperclass())
                    || Stream.of(type.getGenericInterfaces()).anyMatch(PublicApiTest::internal)) {
                leaks.add(type.getSimpleName() + " extends or implements an internal type");
            }
            for (Method method : type.getDeclaredMethods()) {
                if (visible(method.getModifiers()) && !method.isSynthetic()
                        && (internal(method.getGenericReturnType()) || leaks(method))) {
                    leaks.add(type.getSimpleName() + "." + method.getName());
                }
            }
            for (Constructor<?> constructor : type.getDeclaredConstructors()) {
                if (visible(constructor.getModifiers()) && leaks(constructor)) {
                    leaks.add(type.getSimpleName() + ".<init>");
                }
            }
            for (Field field : type.getDeclaredFields()) {
                if (visible(field.getModifiers()) && internal(field.getGenericType())) {
                    leaks.add(type.getSimpleName() + "." + field.getName());
                }
            }
        }
        assertThat(apiClasses()).hasSizeGreaterThan(40);
        assertThat(leaks).isEmpty();
    }

    @Test
    void theApiPackageHoldsOnlyInterfacesAnnotationsRecordsEnumsExceptionsAndFinalClasses() throws Exception {
        List<String> open = new ArrayList<>();
        for (Class<?> type : apiClasses()) {
            boolean allowed = type.isInterface() || type.isAnnotation() || type.isRecord() || type.isEnum()
                    || Throwable.class.isAssignableFrom(type) || Modifier.isFinal(type.getModifiers())
                    || Modifier.isAbstract(type.getModifiers());
            if (!allowed && type.getEnclosingClass() == null) {
                open.add(type.getName());
            }
        }
        assertThat(open).as("public classes users could subclass by accident").isEmpty();
    }
}
