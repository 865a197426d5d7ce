package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.examples.guide.QuickStart;
import dev.duplex.websocket.Listener;
import dev.duplex.websocket.auth.CacheConfig;
import dev.duplex.websocket.redis.RedisBroker;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Run by maven-invoker-plugin in a project that depends on Duplex only through the README's coordinates, against
 * the artifacts of the build as {@code install} would lay them out.
 */
class CoordinatesCheckTest {
    @Test
    void theReadmesProgramBuiltAgainstTheInstalledArtifactsPrintsItsEchoes() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            QuickStart.main(new String[0]);
        } finally {
            System.setOut(original);
        }

        assertEquals(List.of("Hello, Duplex", "3 bytes back"), captured.toString(StandardCharsets.UTF_8).lines()
                .toList());
    }

    @Test
    void eachLibraryJarHasItsJpmsName() throws URISyntaxException {
        assertEquals(Set.of("dev.duplex.websocket"), moduleNames(jarOf(Listener.class)));
        assertEquals(Set.of("dev.duplex.websocket.auth"), moduleNames(jarOf(CacheConfig.class)));
        assertEquals(Set.of("dev.duplex.websocket.redis"), moduleNames(jarOf(RedisBroker.class)));
    }

    @Test
    void eachLibraryJarHasItsSourcesAndJavadocJarsBesideIt() throws URISyntaxException {
        for (Path jar : List.of(jarOf(Listener.class), jarOf(CacheConfig.class), jarOf(RedisBroker.class))) {
            String name = jar.getFileName().toString().replaceFirst("\\.jar$", "");
            for (String classifier : List.of("sources", "javadoc")) {
                Path attached = jar.resolveSibling(name + "-" + classifier + ".jar");
                assertTrue(Files.isRegularFile(attached), () -> "no " + attached.getFileName() + " beside " + jar);
            }
        }
    }

    @Test
    void theApplicationGetsOneNettyVersionWhateverModulesItUses() {
        // Lettuce (the Redis module's client) asks for an older Netty; the modules' own declarations must win.
        String classPath = System.getProperty("java.class.path");
        Set<String> versions = Arrays.stream(classPath.split(File.pathSeparator))
                .map(Path::of)
                .filter(jar -> jar.getFileName().toString().startsWith("netty-"))
                .filter(jar -> !jar.getFileName().toString().startsWith("netty-tcnative"))   // versioned on its own
                .map(jar -> jar.getParent().getFileName().toString())     // the repository folder: the version
                .collect(Collectors.toSet());
        assertEquals(1, versions.size(), () -> "Netty versions on the class path: " + versions);
    }

    /** The installed jar {@code type} was loaded from (not a build folder of the reactor). */
    private static Path jarOf(Class<?> type) throws URISyntaxException {
        Path jar = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertTrue(Files.isRegularFile(jar), () -> type.getName() + " came from " + jar + ", not from a jar");
        return jar;
    }

    private static Set<String> moduleNames(Path jar) {
        return ModuleFinder.of(jar).findAll().stream().map(ModuleReference::descriptor).map(ModuleDescriptor::name)
                .collect(Collectors.toSet());
    }
}
