package dev.duplex.websocket.internal.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.websocket.HttpRequest;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link StaticContent} over the two kinds of class path a server runs from, an exploded folder and a jar: files are
 * served, a folder without {@code index.html} is not found (never listed), one with it serves it.
 */
class StaticContentTest {
    @TempDir
    Path dir;

    private static HttpRequest get(String rest) {
        return new HttpRequest("GET", "/site/" + rest, Map.of("**", rest), Map.of(), Map.of(), new byte[0]);
    }

    private static String body(dev.duplex.websocket.HttpResponse response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    private void assertServesFilesAndNeverListsAFolder(ClassLoader loader) throws Exception {
        StaticContent content = StaticContent.classPath("web", loader);

        assertThat(body(content.handle(get("assets/app.css")))).isEqualTo("body{}");
        var folder = content.handle(get("assets"));
        assertThat(folder.status()).isEqualTo(404);
        assertThat(body(folder)).doesNotContain("app.css");
        assertThat(content.handle(get("assets/")).status()).isEqualTo(404);
        assertThat(body(content.handle(get("docs")))).isEqualTo("<p>docs</p>");
    }

    @Test
    void anExplodedClassPathServesFilesAndNeverListsAFolder() throws Exception {
        Files.createDirectories(dir.resolve("web/assets"));
        Files.createDirectories(dir.resolve("web/docs"));
        Files.writeString(dir.resolve("web/assets/app.css"), "body{}");
        Files.writeString(dir.resolve("web/docs/index.html"), "<p>docs</p>");

        try (var loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
            assertServesFilesAndNeverListsAFolder(loader);
        }
    }

    @Test
    void aJarServesFilesAndNeverListsAFolder() throws Exception {
        Path jar = dir.resolve("site.jar");
        try (var out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String folder : List.of("web/", "web/assets/", "web/docs/")) {
                out.putNextEntry(new JarEntry(folder));
                out.closeEntry();
            }
            write(out, "web/assets/app.css", "body{}");
            write(out, "web/docs/index.html", "<p>docs</p>");
        }

        try (var loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            assertServesFilesAndNeverListsAFolder(loader);
        }
    }

    private static void write(JarOutputStream out, String name, String text) throws Exception {
        out.putNextEntry(new JarEntry(name));
        OutputStream entry = out;
        entry.write(text.getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
    }
}
