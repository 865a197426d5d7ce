package dev.duplex.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * The 23 MB benchmark jar is built by {@code mvn verify} and by the scripts here, but not by {@code mvn package}, the
 * README's command for the demo.
 */
class BenchmarkJarBuildTest {
    private static final Path MODULE = Path.of(System.getProperty("basedir", "")).toAbsolutePath();

    private static String shadePhase(String where) throws Exception {
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(MODULE.resolve("pom.xml")
                .toFile());
        return (String) XPathFactory.newInstance().newXPath().evaluate(where
                + "/plugins/plugin[artifactId='maven-shade-plugin']/executions/execution[id='benchmark-jar']/phase",
                pom, XPathConstants.STRING);
    }

    @Test
    void theBenchmarkJarIsBuiltInVerifySoThatPackageSkipsIt() throws Exception {
        assertThat(shadePhase("/project/build")).isEqualTo("verify");
    }

    @Test
    void theBenchmarkJarProfileBuildsItInPackage() throws Exception {
        assertThat(shadePhase("/project/profiles/profile[id='benchmark-jar']/build")).isEqualTo("package");
    }

    @Test
    void everyScriptThatBuildsTheJarAsksForItsProfile() throws IOException {
        List<Path> scripts;
        try (Stream<Path> files = Files.list(MODULE)) {
            scripts = files.filter(file -> file.getFileName().toString().endsWith(".sh")).sorted().toList();
        }
        Pattern build = Pattern.compile("(?m)^\\s*mvn .*$");
        List<String> builds = scripts.stream().flatMap(script -> {
            try {
                return build.matcher(Files.readString(script)).results()
                        .map(match -> script.getFileName() + ": " + match.group().strip());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).toList();

        assertThat(builds).isNotEmpty().allSatisfy(line -> assertThat(line).contains("-Pbenchmark-jar"));
    }
}
