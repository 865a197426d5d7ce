package dev.duplex.examples.guide;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps docs/spec-coverage.md true: every {@code TestClass#method} it cites must name a test source file
 * {@code TestClass.java} under some module's {@code src/test/java} (or that of a project under its {@code src/it},
 * which maven-invoker-plugin builds) that declares {@code void method(}. A renamed or deleted test fails the build
 * here instead of leaving the page claiming a proof that no longer exists.
 */
class SpecCoverageTest {
    private static final Path REPOSITORY = Path.of("..");
    private static final Path PAGE = REPOSITORY.resolve("docs/spec-coverage.md");
    /** A test reference: a class name, '#', a method name. The page uses '#' for nothing else. */
    private static final Pattern REFERENCE = Pattern.compile("\\b([A-Z][A-Za-z0-9_]*)#([A-Za-z_][A-Za-z0-9_]*)");

    @Test
    void everyTestThePageCitesExists() throws IOException {
        Set<String> references = new LinkedHashSet<>();
        Matcher matcher = REFERENCE.matcher(Files.readString(PAGE));
        while (matcher.find()) {
            references.add(matcher.group(1) + "#" + matcher.group(2));
        }
        assertThat(references).as("test references in %s", PAGE).hasSizeGreaterThan(300);

        Map<String, List<Path>> testSources = testSourcesByClassName();
        List<String> untrue = new ArrayList<>();
        for (String reference : references) {
            String className = reference.substring(0, reference.indexOf('#'));
            String method = reference.substring(reference.indexOf('#') + 1);
            List<Path> files = testSources.getOrDefault(className, List.of());
            if (files.isEmpty()) {
                untrue.add(reference + ": no " + className + ".java under */src/test/java or */src/it/*/src/test/java");
            } else if (!declaresMethod(files, method)) {
                untrue.add(reference + ": " + className + ".java declares no method " + method);
            }
        }
        assertThat(untrue).as("references in %s that name no existing test", PAGE).isEmpty();
    }

    /** Every {@code .java} file under each module's {@code src/test/java}, by file name without the extension. */
    private static Map<String, List<Path>> testSourcesByClassName() throws IOException {
        Map<String, List<Path>> sources = new HashMap<>();
        for (Path testRoot : testRoots()) {
            try (Stream<Path> files = Files.walk(testRoot)) {
                files.filter(f -> f.getFileName().toString().endsWith(".java")).forEach(f -> sources
                        .computeIfAbsent(f.getFileName().toString().replaceFirst("\\.java$", ""),
                                name -> new ArrayList<>())
                        .add(f));
            }
        }
        assertThat(sources).as("test sources found from %s", REPOSITORY.toAbsolutePath()).hasSizeGreaterThan(50);
        return sources;
    }

    /**
     * Each module's {@code src/test/java}, and that of each project its maven-invoker-plugin builds
     * ({@code src/it/<project>/src/test/java}).
     */
    private static List<Path> testRoots() throws IOException {
        List<Path> roots = new ArrayList<>();
        try (Stream<Path> modules = Files.list(REPOSITORY)) {
            for (Path module : modules.filter(Files::isDirectory).sorted().toList()) {
                roots.add(module.resolve("src/test/java"));
                Path invokerProjects = module.resolve("src/it");
                if (Files.isDirectory(invokerProjects)) {
                    try (Stream<Path> projects = Files.list(invokerProjects)) {
                        projects.map(project -> project.resolve("src/test/java")).sorted().forEach(roots::add);
                    }
                }
            }
        }
        return roots.stream().filter(Files::isDirectory).toList();
    }

    private static boolean declaresMethod(List<Path> files, String method) throws IOException {
        Pattern declaration = Pattern.compile("\\bvoid\\s+" + Pattern.quote(method) + "\\s*\\(");
        for (Path file : files) {
            if (declaration.matcher(Files.readString(file)).find()) {
                return true;
            }
        }
        return false;
    }
}
