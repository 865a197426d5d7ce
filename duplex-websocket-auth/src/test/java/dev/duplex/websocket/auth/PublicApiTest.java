package dev.duplex.websocket.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Constructor;
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

/** The auth module's API (package dev.duplex.websocket.auth) exposes no internal type. */
class PublicApiTest {
    private static List<Class<?>> apiClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        Path root = Path.of(PasswordHash.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("dev/duplex/websocket/auth");
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.list(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = file.getFileName().toString().replace(".class", "");
                Class<?> type = Class.forName("dev.duplex.websocket.auth." + name, false,
                        PublicApiTest.class.getClassLoader());
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

    @Test
    void noPublicSignatureOfTheApiMentionsAnInternalType() throws Exception {
        List<String> leaks = new ArrayList<>();
        for (Class<?> type : apiClasses()) {
            for (Method method : type.getDeclaredMethods()) {
                if (!Modifier.isPublic(method.getModifiers())) {
                    continue;
                }
                if (internal(method.getGenericReturnType())
                        || Stream.of(method.getGenericParameterTypes()).anyMatch(PublicApiTest::internal)) {
                    leaks.add(type.getSimpleName() + "." + method.getName());
                }
            }
            for (Constructor<?> constructor : type.getDeclaredConstructors()) {
                if (Modifier.isPublic(constructor.getModifiers())
                        && Stream.of(constructor.getGenericParameterTypes()).anyMatch(PublicApiTest::internal)) {
                    leaks.add(type.getSimpleName() + ".<init>");
                }
            }
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isPublic(field.getModifiers()) && internal(field.getGenericType())) {
                    leaks.add(type.getSimpleName() + "." + field.getName());
                }
            }
        }
        assertThat(apiClasses()).hasSizeGreaterThan(20);
        assertThat(leaks).isEmpty();
    }
}
