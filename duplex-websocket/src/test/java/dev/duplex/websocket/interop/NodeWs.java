package dev.duplex.websocket.interop;

import dev.duplex.websocket.testkit.OptionalTool;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Node's {@code ws} library as a peer the tests start as processes: {@link #startEchoServer} runs
 * {@code src/test/node-ws/echo-server.js}, {@link #runClient} runs {@code client.js}. The {@code ws} package is
 * installed into {@code .tools/node-ws} (git-ignored) by {@code .ci/install-test-tools}, from the committed
 * {@code src/test/node-ws/package.json}; tests skip without it ({@link OptionalTool#NODE_WS}).
 *
 * <p>Every wait is bounded; {@link EchoServer#close()} ends the process it started, by its handle.
 *
 * <p>Thread safety: one test thread drives it.
 */
final class NodeWs {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(30);

    private final Path node;
    private final Path scripts;
    private final Path modules;

    private NodeWs(Path node, Path scripts, Path modules) {
        this.node = node;
        this.scripts = scripts;
        this.modules = modules;
    }

    /** The {@code node} executable on the {@code PATH}, if installed. */
    static Optional<Path> findNode() {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        return Stream.of(path.split(File.pathSeparator))
                .filter(directory -> !directory.isEmpty())
                .map(directory -> Path.of(directory, "node"))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /**
     * Node with the installed {@code ws} package; call after {@link OptionalTool#NODE_WS}'s
     * {@link OptionalTool#assumeInstalled()}, which skips the test when either is missing.
     */
    static NodeWs with(Path node) {
        Path root = OptionalTool.repositoryRoot();
        return new NodeWs(node, root.resolve("duplex-websocket/src/test/node-ws"), OptionalTool.nodeWsModules(root));
    }

    private ProcessBuilder command(String script, String... arguments) {
        List<String> command = new ArrayList<>(List.of(node.toString(), scripts.resolve(script).toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("NODE_PATH", modules.toString());
        return builder;
    }

    /** A running Node echo server; {@link #close()} stops it. */
    static final class EchoServer implements AutoCloseable {
        private final Process process;
        private final int port;

        private EchoServer(Process process, int port) {
            this.process = process;
            this.port = port;
        }

        int port() {
            return port;
        }

        @Override
        public void close() throws IOException, InterruptedException {
            // The script exits when its stdin closes; the handle ends it should it not.
            process.getOutputStream().close();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /** Starts the echo server with {@code perMessageDeflate} options (a JSON object) and waits for its port. */
    EchoServer startEchoServer(String perMessageDeflateOptions) throws Exception {
        Process process = command("echo-server.js", perMessageDeflateOptions)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> firstLine = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        String line;
        try {
            line = firstLine.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception notStarted) {
            process.destroyForcibly();
            throw new IllegalStateException("the Node echo server did not start within " + START_TIMEOUT,
                    notStarted);
        }
        if (line == null || !line.startsWith("PORT ")) {
            process.destroyForcibly();
            throw new IllegalStateException("the Node echo server said '" + line + "' instead of its port");
        }
        return new EchoServer(process, Integer.parseInt(line.substring(5).trim()));
    }

    /**
     * Runs the Node client against {@code url} with {@code perMessageDeflate} options (a JSON object), sending
     * {@code count} messages, and returns its report.
     */
    @SuppressWarnings("unchecked")
    Map<String, Object> runClient(String url, String perMessageDeflateOptions, int count) throws Exception {
        Process process = command("client.js", url, perMessageDeflateOptions, String.valueOf(count))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> {
            try {
                return process.getInputStream().readAllBytes();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        if (!process.waitFor(RUN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the Node client did not finish within " + RUN_TIMEOUT);
        }
        String text = new String(output.get(5, TimeUnit.SECONDS), StandardCharsets.UTF_8).strip();
        if (process.exitValue() != 0 || text.isEmpty()) {
            throw new IllegalStateException("the Node client exited with " + process.exitValue() + ": " + text);
        }
        return (Map<String, Object>) Json.parse(text);
    }
}
