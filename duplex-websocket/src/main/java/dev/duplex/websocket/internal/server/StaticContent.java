package dev.duplex.websocket.internal.server;

import dev.duplex.websocket.HttpHandler;
import dev.duplex.websocket.HttpRequest;
import dev.duplex.websocket.HttpResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.jar.JarEntry;

/**
 * Serves files from a directory or the class path under a route ending in {@code /**}. A path with {@code ..} or
 * a backslash is refused, so nothing outside the root can be read; a directory serves its {@code index.html}, and
 * is never listed (the class loader would list a folder of an exploded class path as text). Only regular files are
 * served: from the file system, a class-path folder or a jar entry that is not a directory.
 *
 * <p>Thread safety: immutable.
 */
public final class StaticContent implements HttpHandler {
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"), Map.entry("htm", "text/html; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"), Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"), Map.entry("json", "application/json"),
            Map.entry("svg", "image/svg+xml"), Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"), Map.entry("gif", "image/gif"), Map.entry("ico", "image/x-icon"),
            Map.entry("txt", "text/plain; charset=utf-8"), Map.entry("wasm", "application/wasm"));

    private final Path directory;
    private final String classPathRoot;
    private final ClassLoader loader;

    private StaticContent(Path directory, String classPathRoot, ClassLoader loader) {
        this.directory = directory;
        this.classPathRoot = classPathRoot;
        this.loader = loader;
    }

    /** Files under {@code directory}. */
    public static StaticContent directory(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException("static content directory " + directory + " does not exist");
        }
        return new StaticContent(directory.toAbsolutePath().normalize(), null, null);
    }

    /**
     * Class-path resources under {@code root} (e.g. {@code "web"}), loaded by {@code loader}.
     *
     * @throws IllegalArgumentException when {@code root} names no folder ({@code ""} or {@code "/"}): that would serve
     *                                  the whole class path, classes and configuration files included
     */
    public static StaticContent classPath(String root, ClassLoader loader) {
        String trimmed = root.replaceAll("^/+|/+$", "");
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("the staticResources root must name a class-path folder such as "
                    + "\"web\", was \"" + root + "\": that would serve the whole class path, classes included "
                    + "(HttpListener.staticResources)");
        }
        return new StaticContent(null, trimmed, loader);
    }

    @Override
    public HttpResponse handle(HttpRequest request) throws IOException {
        String rest = request.pathParams().getOrDefault("**", "");
        if (rest.contains("..") || rest.contains("\\") || rest.startsWith("/")) {
            return HttpResponse.text(404, "not found");
        }
        if (rest.isEmpty() || rest.endsWith("/")) {
            rest = rest + "index.html";
        }
        byte[] content = read(rest);
        if (content == null && !rest.endsWith("index.html")) {
            content = read(rest + "/index.html");
            if (content != null) {
                rest = rest + "/index.html";
            }
        }
        if (content == null) {
            return HttpResponse.text(404, "not found: " + request.path());
        }
        return HttpResponse.of(200, contentType(rest), content).withHeader("Cache-Control", "no-cache");
    }

    private byte[] read(String relative) throws IOException {
        if (directory != null) {
            Path file = directory.resolve(relative).normalize();
            if (!file.startsWith(directory) || !Files.isRegularFile(file)) {
                return null;
            }
            return Files.readAllBytes(file);
        }
        URL resource = loader.getResource(classPathRoot + "/" + relative);
        if (resource == null || !isFile(resource)) {
            return null;
        }
        try (InputStream in = resource.openStream()) {
            return in.readAllBytes();
        }
    }

    /**
     * Whether a class-path resource is a file rather than a folder: a regular file for a {@code file:} URL (the
     * stream of a folder would be a listing of its entries), an entry that is not a directory for a {@code jar:} one.
     * Resources of other schemes (a custom class loader's) are taken as files.
     */
    private static boolean isFile(URL resource) throws IOException {
        switch (resource.getProtocol()) {
            case "file" -> {
                try {
                    return Files.isRegularFile(Path.of(resource.toURI()));
                } catch (URISyntaxException | IllegalArgumentException notAPath) {
                    return false;
                }
            }
            case "jar" -> {
                JarEntry entry = ((JarURLConnection) resource.openConnection()).getJarEntry();
                return entry != null && !entry.isDirectory();
            }
            default -> {
                return !resource.getPath().endsWith("/");
            }
        }
    }

    private static String contentType(String name) {
        int dot = name.lastIndexOf('.');
        String extension = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(extension, "application/octet-stream");
    }
}
