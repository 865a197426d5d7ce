package dev.duplex.examples.guide;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * The README's coordinates are the build's: its Maven snippet is the one the coordinates check
 * ({@code src/it/coordinates}, run by maven-invoker-plugin in {@code verify}) builds against the artifacts, and its
 * table, its Gradle snippet and the BOM name every library module with the reactor's version.
 */
class ReadmeCoordinatesTest {
    private static final Path ROOT = Path.of("..");
    private static final Path README = ROOT.resolve("README.md");
    private static final Path CONSUMER = Path.of("src/it/coordinates/pom.xml");

    private static Document xml(Path file) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
    }

    private static String text(Document document, String xpath) throws Exception {
        return (String) XPathFactory.newInstance().newXPath().evaluate(xpath, document, XPathConstants.STRING);
    }

    private static List<String> texts(Document document, String xpath) throws Exception {
        NodeList nodes = (NodeList) XPathFactory.newInstance().newXPath().evaluate(xpath, document,
                XPathConstants.NODESET);
        List<String> values = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            values.add(nodes.item(i).getTextContent().strip());
        }
        return values;
    }

    private static String version() throws Exception {
        return text(xml(ROOT.resolve("pom.xml")), "/project/version");
    }

    /** The modules that carry a JPMS name: the libraries an application depends on. */
    private static List<String> libraryModules() throws Exception {
        List<String> libraries = new ArrayList<>();
        for (String module : texts(xml(ROOT.resolve("pom.xml")), "/project/modules/module")) {
            if (Files.readString(ROOT.resolve(module).resolve("pom.xml")).contains("<Automatic-Module-Name>")) {
                libraries.add(module);
            }
        }
        return libraries;
    }

    /** The body of the first fenced block of {@code language} in the README that contains {@code marker}. */
    private static String readmeBlock(String language, String marker) throws IOException {
        Matcher block = Pattern.compile("(?s)```" + language + "\\n(.*?)\\n```").matcher(Files.readString(README));
        while (block.find()) {
            if (block.group(1).contains(marker)) {
                return block.group(1);
            }
        }
        throw new AssertionError("no ```" + language + " block with " + marker + " in " + README);
    }

    /** The lines between {@code <!-- tag::name[] -->} and {@code <!-- end::name[] -->}, less their common indent. */
    private static String region(Path file, String name) throws IOException {
        Matcher region = Pattern.compile("(?s)<!-- tag::" + name + "\\[] -->\\n(.*?)\\n[ \\t]*<!-- end::" + name
                + "\\[] -->").matcher(Files.readString(file));
        assertThat(region.find()).as("region %s in %s", name, file).isTrue();
        List<String> lines = region.group(1).lines().toList();
        int indent = lines.stream().filter(line -> !line.isBlank())
                .mapToInt(line -> line.length() - line.stripLeading().length()).min().orElse(0);
        return String.join("\n", lines.stream().map(line -> line.isBlank() ? "" : line.substring(indent)).toList());
    }

    @Test
    void theReadmesMavenSnippetIsTheProjectTheCoordinatesCheckBuilds() throws Exception {
        String checked = region(CONSUMER, "maven").replace("@project.version@", version());

        assertThat(readmeBlock("xml", "duplex-bom")).isEqualTo(checked);
    }

    @Test
    void theReadmeGivesTheCoordinatesOfTheBomAndOfEveryLibraryModuleWithTheBuildsVersion() throws Exception {
        String readme = Files.readString(README);

        assertThat(libraryModules()).containsExactly("duplex-websocket", "duplex-websocket-auth",
                "duplex-websocket-redis");
        assertThat(readme).contains("`dev.duplex:duplex-bom:" + version() + "`");
        for (String module : libraryModules()) {
            assertThat(readme).contains("`dev.duplex:" + module + ":" + version() + "`");
        }
    }

    @Test
    void theGradleSnippetImportsTheBomAndNamesEveryLibraryModule() throws Exception {
        String gradle = readmeBlock("kotlin", "duplex-bom");

        assertThat(gradle).contains("platform(\"dev.duplex:duplex-bom:" + version() + "\")");
        for (String module : libraryModules()) {
            assertThat(gradle).contains("implementation(\"dev.duplex:" + module + "\")");
        }
    }

    @Test
    void theBomHasTheBuildsVersionAndManagesExactlyTheLibraryModules() throws Exception {
        Document bom = xml(ROOT.resolve("duplex-bom/pom.xml"));

        assertThat(text(bom, "/project/version")).isEqualTo(version());
        assertThat(texts(bom, "/project/dependencyManagement/dependencies/dependency/artifactId"))
                .containsExactlyElementsOf(libraryModules());
    }

    @Test
    void theBomPinsEachOfItsPluginsAtTheParentsVersion() throws Exception {
        Document bom = xml(ROOT.resolve("duplex-bom/pom.xml"));
        String parent = Files.readString(ROOT.resolve("pom.xml"));
        List<String> plugins = texts(bom, "/project/build/pluginManagement/plugins/plugin/artifactId");

        assertThat(plugins).isNotEmpty();
        for (String plugin : plugins) {
            String version = text(bom, "/project/build/pluginManagement/plugins/plugin[artifactId='" + plugin
                    + "']/version");
            String pinned = "<artifactId>" + plugin + "</artifactId>\\s*<version>(?:" + Pattern.quote(version)
                    + "|\\$\\{" + Pattern.quote(plugin) + ".version})</version>";
            assertThat(Pattern.compile(pinned).matcher(parent).find()).as("%s %s in the parent", plugin, version)
                    .isTrue();
            if (parent.contains("<" + plugin + ".version>")) {
                assertThat(parent).contains("<" + plugin + ".version>" + version + "</" + plugin + ".version>");
            }
        }
    }

    @Test
    void theParentPomHasTheMetadataAPublicRepositoryAsksFor() throws Exception {
        Document parent = xml(ROOT.resolve("pom.xml"));

        for (String field : List.of("name", "description", "url", "licenses/license/name", "licenses/license/url",
                "scm/connection", "scm/url", "developers/developer/name")) {
            assertThat(text(parent, "/project/" + field)).as(field).isNotBlank();
        }
    }
}
